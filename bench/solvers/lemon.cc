// LEMON 1.3.1's network simplex and cost scaling (Debian: liblemon-dev) on a DIMACS minimum-cost
// flow file: three runs of each, printing the optimum and the time. Used by bench/solvers/run.sh
// to compare Allteach's solver with well-known exact ones on the very network it solves.
#include <lemon/smart_graph.h>
#include <lemon/network_simplex.h>
#include <lemon/cost_scaling.h>
#include <lemon/dimacs.h>
#include <chrono>
#include <fstream>
#include <iostream>
using namespace lemon;
typedef SmartDigraph G;

template <typename Solver> void time(const char* name, G& g, G::ArcMap<long long>& cap, G::ArcMap<long long>& cost, G::NodeMap<long long>& supply) {
  auto start = std::chrono::steady_clock::now();
  Solver solver(g);
  solver.upperMap(cap).costMap(cost).supplyMap(supply);
  bool optimal = solver.run() == Solver::OPTIMAL;
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cout << "{\"solver\":\"" << name << "\",\"optimal\":" << (optimal ? "true" : "false") << ",\"cost\":" << solver.totalCost() << ",\"ms\":" << ms << "}\n";
}

int main(int argc, char** argv) {
  if (argc != 2) { std::cerr << "usage: lemon FILE.min\n"; return 2; }
  G g; G::ArcMap<long long> lower(g), cap(g), cost(g); G::NodeMap<long long> supply(g);
  std::ifstream in(argv[1]);
  readDimacsMin(in, g, lower, cap, cost, supply);
  for (int run = 0; run < 3; run++) {
    time<NetworkSimplex<G, long long, long long>>("LEMON network simplex", g, cap, cost, supply);
    time<CostScaling<G, long long, long long>>("LEMON cost scaling", g, cap, cost, supply);
  }
}
