// The interactive page is one HTML document: CSS and JS inline, the graph
// embedded as JSON in a <script type="application/json"> block (with '<'
// escaped so no project name can close it). Layout happens in the browser:
// columns by dependency depth (libraries on the left, their dependents to
// the right). Edges inside a cycle are flagged in the data and left out of
// the depth computation, so the layout sees the acyclic graph of cycles;
// cycles are drawn in red and listed in the side panel.

#include <fmt/format.h>

#include <algorithm>

#include "graph/cycles.h"
#include "graph/graph_output.h"

namespace strata {

namespace {

constexpr std::string_view k_page_head = R"HTML(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Project graph</title>
<style>
*{box-sizing:border-box}
body{margin:0;font:13px system-ui,sans-serif;color:#1f2328;display:flex;height:100vh;overflow:hidden}
#side{width:300px;padding:12px;border-right:1px solid #d0d7de;overflow:auto;background:#f6f8fa}
#side h1{font-size:15px;margin:0 0 8px}
#side input,#side select{width:100%;margin:4px 0 8px;padding:5px;font:inherit}
#info h2{font-size:14px;margin:12px 0 4px;word-break:break-all}
#info ul{margin:2px 0 8px;padding-left:18px}
#info li{cursor:pointer;color:#0969da}
#stats{color:#57606a}
#view{flex:1;position:relative}
svg{width:100%;height:100%;cursor:grab;background:#fff}
svg.drag{cursor:grabbing}
.node rect{fill:#fff;stroke:#8c959f;rx:5}
.node.app rect{stroke:#0969da;stroke-width:2}
.node text{font-size:12px;pointer-events:none}
.node{cursor:pointer}
.edge{fill:none;stroke:#afb8c1;stroke-width:1.2}
.edge.dynamic{stroke-dasharray:6 4}
.edge.implicit{stroke-dasharray:2 3}
.dim{opacity:.15}
.node.sel rect{fill:#fff8c5;stroke:#9a6700;stroke-width:2.5}
.node.dep rect{fill:#ddf4ff}
.node.rdep rect{fill:#fff1e5}
.node.match rect{stroke:#cf222e;stroke-width:2.5}
.edge.hot{stroke:#0969da;stroke-width:2}
.edge.hotr{stroke:#bc4c00;stroke-width:2}
.edge.cycle{stroke:#cf222e;stroke-dasharray:none}
.node.cyc rect{stroke:#cf222e;stroke-width:2}
#cycles{color:#cf222e}
#cycles li{cursor:pointer}
.legend span{display:inline-block;width:10px;height:10px;margin-right:4px;border:1px solid #8c959f}
</style>
</head>
<body>
<div id="side">
<h1>Project graph</h1>
<div id="stats"></div>
<input id="search" type="search" placeholder="Search projects (Enter to select)">
<select id="type"><option value="">All types</option><option value="app">Applications</option><option value="lib">Libraries</option></select>
<select id="tag"><option value="">All tags</option></select>
<div class="legend"><span style="background:#ddf4ff"></span>depends on &nbsp; <span style="background:#fff1e5"></span>dependents</div>
<div id="cycles"></div>
<div id="info"><p>Click a project to see what it depends on and what depends on it. Drag to pan, scroll to zoom.</p></div>
</div>
<div id="view"><svg id="svg"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#8c959f"/></marker></defs><g id="root"></g></svg></div>
<script id="graph-data" type="application/json">)HTML";

constexpr std::string_view k_page_tail = R"HTML(</script>
<script>
"use strict";
const data = JSON.parse(document.getElementById("graph-data").textContent);
const N = data.nodes.length, NS = "http://www.w3.org/2000/svg";
const out = [], inc = [];
const dagOut = [], dagInc = [], cycleOf = new Array(N).fill(-1);
for (let i = 0; i < N; i++) { out.push([]); inc.push([]); dagOut.push([]); dagInc.push([]); }
data.edges.forEach(([s, t, , cyc]) => { out[s].push(t); inc[t].push(s); if (!cyc) { dagOut[s].push(t); dagInc[t].push(s); } });
data.cycles.forEach((c, k) => c.projects.forEach(i => { cycleOf[i] = k; }));

// Depth: longest path down to a project with no dependencies, over the
// edges outside cycles (which form an acyclic graph).
const depth = new Array(N).fill(0), left = dagOut.map(o => o.length), queue = [];
for (let i = 0; i < N; i++) if (!left[i]) queue.push(i);
while (queue.length) {
  const n = queue.pop();
  for (const p of dagInc[n]) { depth[p] = Math.max(depth[p], depth[n] + 1); if (--left[p] === 0) queue.push(p); }
}
const width = data.nodes.map(n => Math.min(320, 16 + 7 * n.name.length));
const colW = Math.max(120, ...width) + 90, rowH = 34, cols = [];
data.nodes.forEach((n, i) => { (cols[depth[i]] = cols[depth[i]] || []).push(i); });
const rows = Math.max(1, ...cols.map(c => c ? c.length : 0)), pos = [];
cols.forEach((c, d) => {
  c.sort((a, b) => data.nodes[a].name < data.nodes[b].name ? -1 : 1);
  const top = (rows - c.length) * rowH / 2;
  c.forEach((i, r) => { pos[i] = {x: d * colW, y: top + r * rowH}; });
});

const svg = document.getElementById("svg"), root = document.getElementById("root");
function el(tag, attrs, parent) {
  const e = document.createElementNS(NS, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  parent.appendChild(e); return e;
}
const edgeLayer = el("g", {}, root), nodeLayer = el("g", {}, root);
const edges = data.edges.map(([s, t, type, cyc]) => {
  const x1 = pos[s].x, y1 = pos[s].y + 12, x2 = pos[t].x + width[t], y2 = pos[t].y + 12, mx = (x1 + x2) / 2;
  return el("path", {class: "edge " + type + (cyc ? " cycle" : ""), d: `M${x1},${y1}C${mx},${y1} ${mx},${y2} ${x2},${y2}`, "marker-end": "url(#arrow)"}, edgeLayer);
});
const nodes = data.nodes.map((n, i) => {
  const g = el("g", {class: "node " + n.type + (cycleOf[i] >= 0 ? " cyc" : ""), transform: `translate(${pos[i].x},${pos[i].y})`}, nodeLayer);
  el("rect", {width: width[i], height: 24}, g);
  const t = el("text", {x: 8, y: 16}, g); t.textContent = n.name;
  const tip = el("title", {}, g); tip.textContent = `${n.name}\n${n.root}${n.tags.length ? "\ntags: " + n.tags.join(", ") : ""}`;
  g.addEventListener("click", ev => { ev.stopPropagation(); select(i); });
  return g;
});

let view = {x: 20, y: 20, k: 1};
function apply() { root.setAttribute("transform", `translate(${view.x},${view.y}) scale(${view.k})`); }
function fit() {
  const r = svg.getBoundingClientRect(), w = (cols.length) * colW, h = rows * rowH;
  view.k = Math.min(1.5, Math.max(0.02, Math.min(r.width / (w + 40), r.height / (h + 40))));
  view.x = (r.width - w * view.k) / 2 + 20; view.y = (r.height - h * view.k) / 2; apply();
}
svg.addEventListener("wheel", ev => {
  ev.preventDefault();
  const r = svg.getBoundingClientRect(), f = Math.exp(-ev.deltaY * 0.0015);
  const px = ev.clientX - r.left, py = ev.clientY - r.top;
  view.x = px - (px - view.x) * f; view.y = py - (py - view.y) * f; view.k *= f; apply();
}, {passive: false});
let drag = null;
svg.addEventListener("mousedown", ev => { drag = {x: ev.clientX - view.x, y: ev.clientY - view.y, moved: false}; svg.classList.add("drag"); });
window.addEventListener("mousemove", ev => { if (drag) { drag.moved = true; view.x = ev.clientX - drag.x; view.y = ev.clientY - drag.y; apply(); } });
window.addEventListener("mouseup", () => { svg.classList.remove("drag"); setTimeout(() => drag = null, 0); });
svg.addEventListener("click", () => { if (!drag || !drag.moved) select(-1); });

function closure(start, adj) {
  const seen = new Set(), stack = [start];
  while (stack.length) for (const n of adj[stack.pop()]) if (!seen.has(n)) { seen.add(n); stack.push(n); }
  return seen;
}
function list(title, items) {
  if (!items.length) return `<b>${title}</b><p>none</p>`;
  return `<b>${title}</b><ul>` + items.map(i => `<li data-i="${i}">${esc(data.nodes[i].name)}</li>`).join("") + "</ul>";
}
function esc(s) { return s.replace(/[&<>"]/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})[c]); }
const info = document.getElementById("info"), defaultInfo = info.innerHTML;
function select(i) {
  nodes.forEach(n => n.classList.remove("sel", "dep", "rdep", "dim"));
  edges.forEach(e => e.classList.remove("hot", "hotr", "dim"));
  if (i < 0) { info.innerHTML = defaultInfo; return; }
  const deps = closure(i, out), rdeps = closure(i, inc);
  nodes.forEach((n, j) => n.classList.add(j === i ? "sel" : deps.has(j) ? "dep" : rdeps.has(j) ? "rdep" : "dim"));
  data.edges.forEach(([s, t], k) => {
    if ((s === i || deps.has(s)) && deps.has(t)) edges[k].classList.add("hot");
    else if ((t === i || rdeps.has(t)) && rdeps.has(s)) edges[k].classList.add("hotr");
    else edges[k].classList.add("dim");
  });
  const n = data.nodes[i];
  info.innerHTML = `<h2>${esc(n.name)}</h2><p>${esc(n.root)} · ${n.type}${n.lang ? " · " + esc(n.lang) : ""}</p>` +
    (n.tags.length ? `<p>tags: ${n.tags.map(esc).join(", ")}</p>` : "") +
    list(`Depends on (${out[i].length} direct, ${deps.size} in all)`, out[i]) +
    list(`Dependents (${inc[i].length} direct, ${rdeps.size} in all)`, inc[i]) +
    (cycleOf[i] >= 0 ? list("In a cycle with", data.cycles[cycleOf[i]].projects.filter(j => j !== i)) : "");
  info.querySelectorAll("li").forEach(li => li.addEventListener("click", () => { select(+li.dataset.i); center(+li.dataset.i); }));
}
function center(i) {
  const r = svg.getBoundingClientRect();
  view.k = Math.max(view.k, 0.8);
  view.x = r.width / 2 - (pos[i].x + width[i] / 2) * view.k; view.y = r.height / 2 - (pos[i].y + 12) * view.k; apply();
}

const search = document.getElementById("search"), typeSel = document.getElementById("type"), tagSel = document.getElementById("tag");
[...new Set(data.nodes.flatMap(n => n.tags))].sort().forEach(t => { const o = document.createElement("option"); o.value = o.textContent = t; tagSel.appendChild(o); });
function matches() {
  const q = search.value.trim().toLowerCase();
  return q ? data.nodes.map((n, i) => n.name.toLowerCase().includes(q) ? i : -1).filter(i => i >= 0) : [];
}
search.addEventListener("input", () => {
  const m = new Set(matches());
  nodes.forEach((n, i) => n.classList.toggle("match", m.has(i)));
});
search.addEventListener("keydown", ev => { if (ev.key === "Enter") { const m = matches().filter(i => nodes[i].style.display !== "none"); if (m.length) { select(m[0]); center(m[0]); } } });
function filter() {
  const ty = typeSel.value, tag = tagSel.value;
  const shown = data.nodes.map(n => (!ty || n.type === ty) && (!tag || n.tags.includes(tag)));
  nodes.forEach((n, i) => n.style.display = shown[i] ? "" : "none");
  data.edges.forEach(([s, t], k) => edges[k].style.display = shown[s] && shown[t] ? "" : "none");
  document.getElementById("stats").textContent = `${shown.filter(Boolean).length} of ${N} projects, ${data.edges.length} dependencies`;
}
const cyclesBox = document.getElementById("cycles");
if (data.cycles.length) {
  cyclesBox.innerHTML = `<b>${data.cycles.length} cycle${data.cycles.length === 1 ? "" : "s"}</b><ul>` +
    data.cycles.map(c => `<li data-i="${c.path[0]}">${c.path.map(j => esc(data.nodes[j].name)).join(" → ")}</li>`).join("") + "</ul>";
  cyclesBox.querySelectorAll("li").forEach(li => li.addEventListener("click", () => { select(+li.dataset.i); center(+li.dataset.i); }));
}
typeSel.addEventListener("change", filter); tagSel.addEventListener("change", filter);
filter(); fit();
</script>
</body>
</html>
)HTML";

nlohmann::json page_data(const Workspace& ws, const ProjectGraph& g) {
  nlohmann::json nodes = nlohmann::json::array(), edges = nlohmann::json::array();
  for (const auto& name : g.nodes) {
    const Project* p = ws.find(name);
    nodes.push_back({{"name", name},
                     {"type", p ? node_type(*p) : "lib"},
                     {"root", p ? p->root : ""},
                     {"tags", p ? p->tags : std::vector<std::string>{}},
                     {"lang", p ? p->language : ""}});
  }
  auto index = [&](const std::string& n) {
    return std::lower_bound(g.nodes.begin(), g.nodes.end(), n) - g.nodes.begin();
  };
  GraphCycles found = find_cycles(g);
  for (const auto& [source, deps] : g.dependencies)
    for (const auto& d : deps)
      if (std::binary_search(g.nodes.begin(), g.nodes.end(), source) &&
          std::binary_search(g.nodes.begin(), g.nodes.end(), d.target))
        edges.push_back({index(source), index(d.target), dependency_type_name(d.type),
                         found.is_cycle_edge(source, d.target)});
  // Cycles as node indices: [{projects: [...], path: [...]}].
  nlohmann::json cycles = nlohmann::json::array();
  for (const auto& c : found.cycles) {
    nlohmann::json projects = nlohmann::json::array(), path = nlohmann::json::array();
    for (const auto& n : c.projects) projects.push_back(index(n));
    for (const auto& n : c.path) path.push_back(index(n));
    cycles.push_back({{"projects", std::move(projects)}, {"path", std::move(path)}});
  }
  return {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}, {"cycles", std::move(cycles)}};
}

}  // namespace

std::string to_html(const Workspace& ws, const ProjectGraph& g) {
  std::string json = page_data(ws, g).dump();
  std::string out(k_page_head);
  out.reserve(out.size() + json.size() + k_page_tail.size() + 64);
  for (char c : json) {
    if (c == '<')
      out += "\\u003c";  // only inside JSON strings: keeps </script> out
    else
      out.push_back(c);
  }
  out += k_page_tail;
  return out;
}

}  // namespace strata
