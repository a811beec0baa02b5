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

  // The files this page is made of, as the server names them (relative to the site, with
  // `/`): its own HTML and everything it loaded (stylesheets, scripts, images, data).
  try { performance.setResourceTimingBufferSize(10000); } catch (e) { /* old browser */ }
  function fileOf(url) {
    var at = new URL(url, location.href);
    if (at.origin !== location.origin) return null;
    var path;
    try { path = decodeURIComponent(at.pathname); } catch (e) { path = at.pathname; }
    return path.replace(/^\//, "");
  }
  function ownFiles() {
    var own = fileOf(location.href);
    var files = own === "" || /\/$/.test(own) ? [own + "index.html"] : [own, own + "/index.html"];
    var navigation = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    if (navigation && navigation.responseStatus === 404) files.push("404.html");
    return files;
  }
  function loadedFiles() {
    if (!performance.getEntriesByType) return null;
    return performance.getEntriesByType("resource").map(function (entry) { return fileOf(entry.name); });
  }

  // A page reloads when a file it is made of changed, or when it shows errors that a build
  // has now fixed; pages the change did not touch stay as they are.
  function reloadIfChanged(changed) {
    var loaded = loadedFiles();
    var touched = overlay !== null || loaded === null || ownFiles().concat(loaded).some(function (file) {
      return file !== null && changed.indexOf(file) >= 0;
    });
    if (touched) reload();
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
  var known = !isNaN(served);
  var source = new EventSource(prefix + "events" + (known ? "?since=" + served : ""));
  source.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (state.errors.length > 0) {
      showErrors(state.errors);
    } else if (state.built && state.generation !== served && known && !state.missed) {
      // Changes came between serving the page and listening: they name their files.
      served = state.generation;
      reloadIfChanged(state.changed);
      hideErrors();
    } else if (state.built && state.generation !== served) {
      reload();
    } else {
      hideErrors();
    }
  });
  source.addEventListener("reload", function (event) {
    var state = JSON.parse(event.data);
    served = state.generation;
    if (state.missed) reload();
    else reloadIfChanged(state.changed);
  });
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
