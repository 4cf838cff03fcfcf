"""OR-Tools' SimpleMinCostFlow (cost scaling) on a DIMACS minimum-cost flow file: three runs,
printing the optimum and the solve time (the graph is loaded before the clock starts). Used by
bench/solvers/run.sh; needs `pip install ortools`."""
import json
import sys
import time

import numpy as np
from ortools.graph.python import min_cost_flow

tails, heads, caps, costs, supply = [], [], [], [], {}
with open(sys.argv[1]) as f:
    for line in f:
        kind, *fields = line.split()
        if kind == "n":
            supply[int(fields[0]) - 1] = int(fields[1])
        elif kind == "a":
            a, b, _lower, cap, cost = map(int, fields)
            tails.append(a - 1)
            heads.append(b - 1)
            caps.append(cap)
            costs.append(cost)
for _ in range(3):
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(np.array(tails), np.array(heads), np.array(caps), np.array(costs))
    for node, amount in supply.items():
        flow.set_node_supply(node, amount)
    start = time.perf_counter()
    status = flow.solve()
    ms = (time.perf_counter() - start) * 1e3
    print(json.dumps({"solver": "OR-Tools SimpleMinCostFlow", "optimal": status == flow.OPTIMAL, "cost": flow.optimal_cost(), "ms": round(ms, 1)}))
