// Host-side snippet for Scalemap embeds: resize each iframe to the height it reports.
//
// Scalemap posts {type: "scalemap:height", height: <CSS pixels>, id: <the link's id or null>}
// to its parent window whenever its content height changes. Accept a message only when it comes
// from the Scalemap origin you embed (event.origin) and from one of your own frames
// (event.source), so that no other page or frame can resize your layout.
(function () {
  "use strict";
  // The origin the frames load from. This example page is served beside Scalemap; on a course
  // site, write Scalemap's origin here, e.g. "https://scalemap.example.org".
  var SCALEMAP_ORIGIN = window.location.origin;
  var MIN_HEIGHT = 80;
  var MAX_HEIGHT = 20000;

  window.addEventListener("message", function (event) {
    if (event.origin !== SCALEMAP_ORIGIN) return;
    var data = event.data;
    if (!data || data.type !== "scalemap:height" || typeof data.height !== "number") return;
    var frames = document.querySelectorAll("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        var h = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(data.height)));
        frames[i].style.height = h + "px";
        frames[i].setAttribute("data-reported-height", String(h));
      }
    }
  });
})();
