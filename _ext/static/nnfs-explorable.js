// Static explorable figures: swap pre-rendered frames as the reader moves a control.
// Each .nnfs-explorable holds controls (range inputs or selects with data-control), an <img class="nnfs-frame">
// and a <script type="application/json" class="nnfs-frames"> with {alt, controls: [{name, label, labels}], frames: [base64 PNG]}.
// Frames are stored in row-major order of the controls (the last control varies fastest).
(function () {
  "use strict";

  function setUp(root) {
    var dataNode = root.querySelector("script.nnfs-frames");
    var img = root.querySelector("img.nnfs-frame");
    if (!dataNode || !img) return;
    var spec = JSON.parse(dataNode.textContent);
    var inputs = spec.controls.map(function (c) {
      return root.querySelector('[data-control="' + c.name + '"]');
    });

    function show() {
      var index = 0;
      var described = [];
      spec.controls.forEach(function (c, k) {
        var i = parseInt(inputs[k].value, 10);
        index = index * c.labels.length + i;
        var output = inputs[k].parentNode.querySelector("output");
        if (output) output.textContent = c.labels[i];
        described.push((c.label || c.name) + " = " + c.labels[i]);
      });
      img.src = "data:image/png;base64," + spec.frames[index];
      img.alt = spec.alt + " (" + described.join(", ") + ")";
      root.setAttribute("data-frame", String(index));
    }

    inputs.forEach(function (input) {
      input.addEventListener("input", show);
      input.addEventListener("change", show);
    });
    show();
  }

  function setUpAll() {
    document.querySelectorAll(".nnfs-explorable").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
