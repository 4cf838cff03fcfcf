// Charts as PNG, drawn on this device. The charts are SVG made by the Rust core; a browser
// could rasterise one through an <img>, but that needs a blob: or data: image, which a host
// page's `img-src` may refuse (the strict host CSP does). So this paints the few SVG elements
// the core writes (rect, line, polyline, polygon, path, circle, text, g, clipPath) straight
// onto a canvas. Plumbing only: every coordinate and colour comes from the SVG.

const PAINTED_ATTRIBUTES = ["fill", "stroke", "stroke-width", "stroke-dasharray", "font-size", "font-family", "font-weight", "text-anchor", "clip-path"];

/** A PNG Blob of `svg` (an SVGSVGElement, attached or not) at `scale` pixels per unit. */
function svgToPng(svg, scale) {
  const box = (svg.getAttribute("viewBox") || `0 0 ${svg.getAttribute("width")} ${svg.getAttribute("height")}`).split(/[\s,]+/).map(Number);
  const [, , width, height] = box;
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const context = canvas.getContext("2d");
  context.scale(scale, scale);
  context.translate(-box[0], -box[1]);
  context.fillStyle = "#ffffff";
  context.fillRect(box[0], box[1], width, height);
  const clips = new Map();
  for (const clip of svg.querySelectorAll("clipPath[id]")) {
    const rect = clip.querySelector("rect");
    if (rect) clips.set(clip.id, ["x", "y", "width", "height"].map((a) => Number(rect.getAttribute(a) || 0)));
  }
  const inherited = { fill: "#000000", stroke: "none", "stroke-width": "1", "font-size": "13", "font-family": "Arial, Helvetica, sans-serif", "font-weight": "normal", "text-anchor": "start" };
  paintChildren(context, svg, styleOf(svg, inherited), clips);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("The picture could not be made."))), "image/png"));
}

function styleOf(node, inherited) {
  const style = Object.assign({}, inherited);
  for (const name of PAINTED_ATTRIBUTES) {
    const value = node.getAttribute(name);
    if (value !== null) style[name] = value;
  }
  if (!node.hasAttribute("clip-path")) delete style["clip-path"];
  return style;
}

function paintChildren(context, parent, style, clips) {
  for (const node of parent.children) paintNode(context, node, styleOf(node, style), clips);
}

function applyTransform(context, transform) {
  for (const [, kind, args] of transform.matchAll(/(rotate|translate|scale)\(([^)]*)\)/g)) {
    const n = args.split(/[\s,]+/).filter(Boolean).map(Number);
    if (kind === "translate") context.translate(n[0], n[1] || 0);
    else if (kind === "scale") context.scale(n[0], n.length > 1 ? n[1] : n[0]);
    else {
      const [angle, cx = 0, cy = 0] = n;
      context.translate(cx, cy);
      context.rotate((angle * Math.PI) / 180);
      context.translate(-cx, -cy);
    }
  }
}

function paintNode(context, node, style, clips) {
  const tag = node.localName;
  if (tag === "title" || tag === "defs" || tag === "clipPath" || tag === "desc") return;
  const a = (name) => Number(node.getAttribute(name) || 0);
  context.save();
  const clip = /url\(#([^)]+)\)/.exec(style["clip-path"] || "");
  if (clip && clips.has(clip[1])) {
    const [x, y, w, h] = clips.get(clip[1]);
    context.beginPath();
    context.rect(x, y, w, h);
    context.clip();
  }
  if (node.hasAttribute("transform")) applyTransform(context, node.getAttribute("transform"));
  const path = new Path2D();
  let shape = true;
  if (tag === "g" || tag === "svg") {
    paintChildren(context, node, style, clips);
    shape = false;
  } else if (tag === "rect") path.rect(a("x"), a("y"), a("width"), a("height"));
  else if (tag === "circle") path.arc(a("cx"), a("cy"), a("r"), 0, 2 * Math.PI);
  else if (tag === "line") {
    path.moveTo(a("x1"), a("y1"));
    path.lineTo(a("x2"), a("y2"));
  } else if (tag === "polyline" || tag === "polygon") {
    const n = (node.getAttribute("points") || "").split(/[\s,]+/).filter(Boolean).map(Number);
    for (let i = 0; i + 1 < n.length; i += 2) (i === 0 ? path.moveTo : path.lineTo).call(path, n[i], n[i + 1]);
    if (tag === "polygon") path.closePath();
  } else if (tag === "path") path.addPath(new Path2D(node.getAttribute("d") || ""));
  else if (tag === "text") {
    paintText(context, node, style);
    shape = false;
  } else shape = false;
  if (shape) {
    const fill = tag === "line" || tag === "polyline" ? "none" : style.fill;
    if (fill && fill !== "none") {
      context.fillStyle = fill;
      context.fill(path);
    }
    if (style.stroke && style.stroke !== "none") {
      context.strokeStyle = style.stroke;
      context.lineWidth = Number(style["stroke-width"]) || 1;
      context.setLineDash(style["stroke-dasharray"] ? style["stroke-dasharray"].split(/[\s,]+/).map(Number) : []);
      context.stroke(path);
    }
  }
  context.restore();
}

function paintText(context, node, style) {
  const text = [...node.childNodes].filter((c) => c.nodeType === 3 || c.localName === "tspan").map((c) => c.textContent).join("");
  if (!text) return;
  context.font = `${style["font-weight"] === "bold" ? "bold " : ""}${Number(style["font-size"]) || 13}px ${style["font-family"]}`;
  context.textAlign = { middle: "center", end: "right" }[style["text-anchor"]] || "left";
  context.textBaseline = "alphabetic";
  context.fillStyle = style.fill && style.fill !== "none" ? style.fill : "#0b0c0c";
  context.fillText(text, Number(node.getAttribute("x") || 0), Number(node.getAttribute("y") || 0));
}
