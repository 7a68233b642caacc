// Resizes each Scalemap frame to the height it reports; see README.md, "Embedding in a course page".
(function () {
  var ORIGIN = window.location.origin; // on a course site: Scalemap's origin
  window.addEventListener("message", function (event) {
    if (event.origin !== ORIGIN) return;
    var d = event.data;
    if (!d || d.type !== "scalemap:height" || typeof d.height !== "number") return;
    var frames = document.querySelectorAll("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        var h = Math.min(20000, Math.max(80, Math.ceil(d.height)));
        frames[i].style.height = h + "px";
        frames[i].setAttribute("data-reported-height", String(h));
      }
    }
  });
})();
