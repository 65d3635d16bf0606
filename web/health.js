// Placeholder portal: shows whether the API answers, until the real portal is built.
(function () {
  "use strict";
  var label = document.getElementById("health");

  function show(text, className) {
    label.textContent = text;
    label.className = className;
  }

  fetch("/api/v1/health", { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (response.ok) {
        show("正常运行", "ok");
      } else if (response.status === 503) {
        show("数据库暂不可用，请稍后重试（HTTP 503）", "down");
      } else {
        show("服务异常（HTTP " + response.status + "）", "down");
      }
    })
    .catch(function () {
      show("无法连接服务器", "down");
    });
})();
