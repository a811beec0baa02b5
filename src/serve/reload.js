// policylab serve: live reload and the error overlay. Added to pages by the dev server only,
// as an external script so that it runs under Content-Security-Policy: default-src 'self'.
// Error text is always inserted as text, never as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var served = script ? Number(script.getAttribute("data-generation")) : NaN;
  var prefix = "/__policylab/";
  var scrollKey = "policylab-scroll:" + location.pathname;

  function restoreScroll() {
    var saved;
    try {
      saved = JSON.parse(sessionStorage.getItem(scrollKey) || "null");
      sessionStorage.removeItem(scrollKey);
    } catch (e) {
      saved = null;
    }
    if (!saved) return;
    var go = function () { window.scrollTo(saved[0], saved[1]); };
    if (document.readyState === "complete") go();
    else window.addEventListener("load", go);
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    } catch (e) { /* private mode: the scroll position is lost, the reload still happens */ }
    location.reload();
  }

  function swapStylesheets(changed, generation) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    var swapped = 0;
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      if (changed.indexOf(url.pathname.replace(/^\//, "")) < 0) return;
      url.searchParams.set("policylab", String(generation));
      var fresh = link.cloneNode();
      fresh.href = url.href;
      // The old sheet stays until the new one has loaded, so the page never flashes unstyled.
      fresh.addEventListener("load", function () { link.remove(); });
      fresh.addEventListener("error", function () { link.remove(); });
      link.after(fresh);
      swapped += 1;
    });
    if (swapped === 0) reload();
  }

  var overlay = null;
  function hideErrors() {
    if (overlay) overlay.remove();
    overlay = null;
  }
  function showErrors(errors) {
    hideErrors();
    if (!document.querySelector('link[href="' + prefix + 'overlay.css"]')) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = prefix + "overlay.css";
      document.head.appendChild(css);
    }
    overlay = document.createElement("div");
    overlay.id = "policylab-overlay";
    overlay.setAttribute("role", "alert");
    var box = document.createElement("div");
    box.className = "policylab-box";
    var title = document.createElement("p");
    title.className = "policylab-title";
    title.textContent = errors.length === 1
      ? "policylab: 1 error. This page shows the last version that built."
      : "policylab: " + errors.length + " errors. This page shows the last version that built.";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "policylab-close";
    close.textContent = "Hide";
    close.addEventListener("click", hideErrors);
    var text = document.createElement("pre");
    text.className = "policylab-errors";
    text.textContent = errors.join("\n");
    var hint = document.createElement("p");
    hint.className = "policylab-hint";
    hint.textContent = "Fix the file and save it: the page reloads by itself.";
    box.appendChild(close);
    box.appendChild(title);
    box.appendChild(text);
    box.appendChild(hint);
    overlay.appendChild(box);
    (document.body || document.documentElement).appendChild(overlay);
  }

  restoreScroll();
  if (typeof EventSource === "undefined") return;
  var source = new EventSource(prefix + "events");
  source.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (state.errors.length > 0) showErrors(state.errors);
    else if (state.built && state.generation !== served) reload();
    else hideErrors();
  });
  source.addEventListener("reload", reload);
  source.addEventListener("css", function (event) {
    var state = JSON.parse(event.data);
    served = state.generation;
    hideErrors();
    swapStylesheets(state.changed, state.generation);
  });
  source.addEventListener("errors", function (event) {
    showErrors(JSON.parse(event.data).errors);
  });
})();
