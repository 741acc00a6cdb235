// The live preview's script: listens to the server's event stream and, when the file's
// version changes, fetches the page again and swaps in its content. The diagram's
// viewport and zoom buttons are kept (only the drawing inside is replaced), so the zoom,
// the scroll position and the selected box stay as they were.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !window.EventSource || !window.fetch || !window.DOMParser) { return; }
  var wanted = live.getAttribute("data-version"), busy = false;

  function status(offline) {
    var line = document.getElementById("live-status");
    if (!line) { return; }
    var message = line.querySelector(".live-message");
    if (offline) {
      if (!line.hasAttribute("data-online")) { line.setAttribute("data-online", message.textContent); }
      message.textContent = live.getAttribute("data-offline");
      line.classList.add("offline");
    } else if (line.hasAttribute("data-online")) {
      message.textContent = line.getAttribute("data-online");
      line.removeAttribute("data-online");
      line.classList.remove("offline");
    }
  }

  function swap(fresh) {
    // The first drawing of a file that had never loaded: the diagram's script
    // found nothing to attach to when the page loaded, so load the page anew.
    if (!window.logicmodelDiagram && fresh.querySelector("#diagram-viewport")) {
      window.location.reload();
      return;
    }
    var x = window.scrollX, y = window.scrollY;
    var viewport = document.getElementById("diagram-viewport");
    var tools = document.getElementById("diagram-tools");
    var left = viewport ? viewport.scrollLeft : 0, top = viewport ? viewport.scrollTop : 0;
    var newViewport = fresh.querySelector("#diagram-viewport");
    var newTools = fresh.querySelector("#diagram-tools");
    if (viewport && newViewport) {
      viewport.replaceChildren.apply(viewport, Array.prototype.slice.call(newViewport.childNodes));
      newViewport.replaceWith(viewport);
      if (tools && newTools) { newTools.replaceWith(tools); }
    }
    live.replaceChildren.apply(live, Array.prototype.slice.call(fresh.childNodes));
    live.className = fresh.className;
    live.setAttribute("data-version", fresh.getAttribute("data-version"));
    if (window.logicmodelDiagram) { window.logicmodelDiagram.refresh(); }
    if (viewport) { viewport.scrollLeft = left; viewport.scrollTop = top; }
    window.scrollTo(x, y);
  }

  function update() {
    var failed = false;
    busy = true;
    fetch(window.location.pathname, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, "text/html").getElementById("live");
        if (fresh) { swap(fresh); }
      })
      .catch(function () { failed = true; status(true); })
      .then(function () {
        busy = false;
        // After a failure the next event (the stream reconnects by itself) tries again.
        if (!failed && wanted !== live.getAttribute("data-version")) { window.setTimeout(update, 200); }
      });
  }

  var source = new EventSource(live.getAttribute("data-events"));
  source.addEventListener("version", function (event) {
    status(false);
    wanted = event.data;
    if (!busy && wanted !== live.getAttribute("data-version")) { update(); }
  });
  source.addEventListener("open", function () { status(false); });
  source.addEventListener("error", function () { status(true); });
})();
