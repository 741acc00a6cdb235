// The report's script (inline). Everything it does is an extra: without it the diagram is
// fitted to the width and a click on a box jumps to that box's details.
//  - Zoom: buttons, Ctrl + wheel (and trackpad pinch, which browsers send as Ctrl + wheel),
//    a two-finger pinch on touch screens, and + / - / 0 on the focused diagram.
//  - A click on a box opens its details in a panel and highlights the chains through it
//    (a breadth-first search over the drawn arrows' data-from / data-to attributes).
// `window.logicmodelDiagram.refresh()` re-applies zoom and selection after the live preview
// has swapped in a new drawing; listeners sit on the viewport, which is kept.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var viewport = document.getElementById("diagram-viewport");
  if (!viewport) { return; }
  var tools = document.getElementById("diagram-tools");
  var readout = tools && tools.querySelector("output");
  var panel = document.getElementById("panel");
  var body = panel && panel.querySelector(".panel-body");
  var MIN = 0.05, MAX = 4, STEP = 1.25;
  // scale: null while fitted to the width, else the zoom factor (1 = actual size).
  var state = { scale: null, selected: null };

  function svg() { return viewport.querySelector("svg"); }
  function naturalWidth() {
    var s = svg();
    if (!s) { return 1; }
    var box = s.viewBox && s.viewBox.baseVal;
    return (box && box.width) || s.width.baseVal.value || 1;
  }
  function fitScale() { return Math.min(1, viewport.clientWidth / naturalWidth()); }
  function currentScale() { return state.scale === null ? fitScale() : state.scale; }

  function show() {
    var s = svg();
    if (!s) { return; }
    if (state.scale === null) {
      s.style.width = "";
      s.style.maxWidth = "";
      viewport.classList.remove("zoomed");
    } else {
      s.style.width = (naturalWidth() * state.scale).toFixed(1) + "px";
      s.style.maxWidth = "none";
      viewport.classList.add("zoomed");
    }
    if (readout) { readout.value = Math.round(currentScale() * 100) + "%"; }
    if (tools) {
      tools.querySelectorAll("button[data-zoom]").forEach(function (b) {
        var mode = b.getAttribute("data-zoom");
        var pressed = (mode === "fit" && state.scale === null) || (mode === "actual" && state.scale === 1);
        b.setAttribute("aria-pressed", pressed ? "true" : "false");
      });
    }
  }

  // Zooms to `scale`, keeping the drawing point under (x, y) — viewport coordinates, the
  // centre by default — where it is.
  function zoomTo(scale, x, y) {
    var before = currentScale();
    var after = Math.max(Math.min(MIN, fitScale()), Math.min(MAX, scale));
    if (x === undefined) { x = viewport.clientWidth / 2; y = viewport.clientHeight / 2; }
    var left = (viewport.scrollLeft + x) / before, top = (viewport.scrollTop + y) / before;
    state.scale = after;
    show();
    viewport.scrollLeft = left * after - x;
    viewport.scrollTop = top * after - y;
  }
  function fit() { state.scale = null; show(); }

  if (tools) {
    tools.hidden = false;
    tools.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button[data-zoom]");
      if (!button) { return; }
      var mode = button.getAttribute("data-zoom");
      if (mode === "fit") { fit(); }
      else if (mode === "in") { zoomTo(currentScale() * STEP); }
      else if (mode === "out") { zoomTo(currentScale() / STEP); }
      else if (mode === "actual") { zoomTo(1); }
    });
  }
  viewport.addEventListener("wheel", function (event) {
    if (!event.ctrlKey && !event.metaKey) { return; }
    event.preventDefault();
    var rect = viewport.getBoundingClientRect();
    zoomTo(currentScale() * Math.exp(-event.deltaY * 0.0025), event.clientX - rect.left, event.clientY - rect.top);
  }, { passive: false });
  viewport.addEventListener("keydown", function (event) {
    if (event.target !== viewport || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "+" || event.key === "=") { zoomTo(currentScale() * STEP); }
    else if (event.key === "-") { zoomTo(currentScale() / STEP); }
    else if (event.key === "0") { fit(); }
    else { return; }
    event.preventDefault();
  });
  // Two fingers on a touch screen: the page itself does not zoom here (touch-action), the drawing does.
  var touches = {}, pinch = null;
  function touchList() { return Object.keys(touches).map(function (k) { return touches[k]; }); }
  function spread(list) { return Math.hypot(list[0].clientX - list[1].clientX, list[0].clientY - list[1].clientY) || 1; }
  viewport.addEventListener("pointerdown", function (event) {
    if (event.pointerType !== "touch") { return; }
    touches[event.pointerId] = event;
    var list = touchList();
    if (list.length === 2) { pinch = { distance: spread(list), scale: currentScale() }; }
  });
  viewport.addEventListener("pointermove", function (event) {
    if (!touches[event.pointerId]) { return; }
    touches[event.pointerId] = event;
    var list = touchList();
    if (!pinch || list.length !== 2) { return; }
    var rect = viewport.getBoundingClientRect();
    var x = (list[0].clientX + list[1].clientX) / 2 - rect.left, y = (list[0].clientY + list[1].clientY) / 2 - rect.top;
    zoomTo(pinch.scale * spread(list) / pinch.distance, x, y);
  });
  function lift(event) { delete touches[event.pointerId]; if (touchList().length < 2) { pinch = null; } }
  viewport.addEventListener("pointerup", lift);
  viewport.addEventListener("pointercancel", lift);
  // The viewport narrows when the panel opens, not only when the window is resized.
  if (window.ResizeObserver) { new ResizeObserver(function () { show(); }).observe(viewport); }
  else { window.addEventListener("resize", show); }

  // --- Details panel and chain highlighting.
  function reach(start, adjacency) {
    var seen = {}; seen[start] = true;
    var queue = [start];
    while (queue.length) {
      var n = queue.shift();
      (adjacency[n] || []).forEach(function (m) { if (!seen[m]) { seen[m] = true; queue.push(m); } });
    }
    return seen;
  }
  function clear() {
    var s = svg();
    state.selected = null;
    if (s) {
      s.classList.remove("focused");
      s.querySelectorAll("g.node, g.edge").forEach(function (g) { g.classList.remove("on-chain", "selected"); });
    }
    if (panel) { panel.hidden = true; panel.removeAttribute("data-node"); }
    document.body.classList.remove("panel-open");
  }
  // Scrolls the box into the part of the screen the panel leaves free.
  function reveal(node) {
    var box = node.getBoundingClientRect(), view = viewport.getBoundingClientRect();
    if (state.scale !== null && (box.left < view.left || box.right > view.right || box.top < view.top || box.bottom > view.bottom)) {
      viewport.scrollLeft += box.left - view.left - (view.width - box.width) / 2;
      viewport.scrollTop += box.top - view.top - (view.height - box.height) / 2;
      box = node.getBoundingClientRect();
    }
    var free = panel && !panel.hidden && panel.getBoundingClientRect().top > window.innerHeight / 3
      ? panel.getBoundingClientRect().top : window.innerHeight;
    if (box.bottom > free || box.top < 0) { window.scrollBy(0, box.top - Math.max(16, (free - box.height) / 3)); }
  }
  function select(id, quiet) {
    var s = svg();
    if (!s || !panel) { return; }
    var down = {}, up = {}, edges = [];
    s.querySelectorAll("g.edge").forEach(function (g) {
      var e = { from: g.getAttribute("data-from"), to: g.getAttribute("data-to"), el: g };
      edges.push(e);
      (down[e.from] = down[e.from] || []).push(e.to);
      (up[e.to] = up[e.to] || []).push(e.from);
    });
    var after = reach(id, down), before = reach(id, up);
    var selectedNode = null;
    s.classList.add("focused");
    s.querySelectorAll("g.node").forEach(function (g) {
      var nid = g.getAttribute("data-id");
      g.classList.toggle("on-chain", !!(after[nid] || before[nid]));
      g.classList.toggle("selected", nid === id);
      if (nid === id) { selectedNode = g; }
    });
    edges.forEach(function (e) {
      var on = (after[e.from] && after[e.to]) || (before[e.from] && before[e.to]);
      e.el.classList.toggle("on-chain", !!on);
    });
    var detail = document.getElementById("detail-" + id);
    body.innerHTML = detail ? detail.innerHTML : "";
    state.selected = id;
    panel.hidden = false;
    panel.setAttribute("data-node", id);
    document.body.classList.add("panel-open");
    if (selectedNode && !quiet) { reveal(selectedNode); }
  }
  // A pointer event lands inside the box's g.node; a keyboard event (and the click that
  // Enter makes) lands on the focused <a> that wraps it.
  function nodeOf(target) {
    if (!target.closest) { return null; }
    var link = target.closest("a");
    return target.closest("g.node") || (link && link.querySelector("g.node"));
  }
  viewport.addEventListener("click", function (event) {
    if (!svg() || !svg().contains(event.target)) { return; }
    var node = nodeOf(event.target);
    if (!node) { clear(); return; }
    event.preventDefault();
    select(node.getAttribute("data-id"));
  });
  viewport.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") { return; }
    var node = nodeOf(event.target);
    if (node) { event.preventDefault(); select(node.getAttribute("data-id")); }
  });
  if (panel) { panel.querySelector(".close").addEventListener("click", clear); }
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { clear(); } });

  show();
  window.logicmodelDiagram = {
    refresh: function () {
      show();
      var s = svg(), id = state.selected;
      if (id && s && s.querySelector('g.node[data-id="' + CSS.escape(id) + '"]')) { select(id, true); } else { clear(); }
    },
    state: state
  };
})();
