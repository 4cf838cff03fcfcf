// Checks that the documents the code and docs cite exist: `docs/<file>.md §n.m` references in
// the sources name a file in docs/ and a section heading it has ("## n." or "### n.m"), and
// relative Markdown links in README.md and docs/ point at files in the repository. Run by
// `./dev test`; exits non-zero with the broken references listed.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const files = (dir, ext) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : ext.some((e) => name.endsWith(e)) ? [path] : [];
  });

const broken = [];
const headings = new Map();
const sectionsOf = (doc) => {
  if (!headings.has(doc)) {
    const text = readFileSync(join(root, doc), "utf8");
    headings.set(doc, new Set([...text.matchAll(/^#{2,3} (\d+(?:\.\d+)?)[ .]/gm)].map((m) => m[1])));
  }
  return headings.get(doc);
};

for (const path of [...files(join(root, "src"), [".rs", ".js"]), ...files(join(root, "tests"), [".rs", ".mjs"]), join(root, "README.md")]) {
  const text = readFileSync(path, "utf8");
  for (const m of text.matchAll(/`?((?:docs\/)?[\w-]+\.md)`?(?: §(\d+(?:\.\d+)?))?/g)) {
    const [, doc, section] = m;
    if (!doc.startsWith("docs/")) {
      if (/^(methods|api)\.md$/.test(doc)) broken.push(`${relative(root, path)}: "${doc}" should be "docs/${doc}"`);
      continue;
    }
    if (!existsSync(join(root, doc))) broken.push(`${relative(root, path)}: ${doc} does not exist`);
    else if (section && !sectionsOf(doc).has(section)) broken.push(`${relative(root, path)}: ${doc} has no section ${section}`);
  }
}
for (const path of [join(root, "README.md"), ...files(join(root, "docs"), [".md"])]) {
  const text = readFileSync(path, "utf8");
  for (const m of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
    const target = m[1];
    if (/^[a-z]+:/.test(target)) continue; // an address, not a file
    if (!existsSync(join(dirname(path), target))) broken.push(`${relative(root, path)}: link to ${target} does not resolve`);
  }
}
if (broken.length) {
  console.error(`Broken document references (${broken.length}):\n${broken.join("\n")}`);
  process.exit(1);
}
console.log("document references: all resolve");
