// Copy-link for the share bar: the only reader script. Without it the button stays hidden.
(function () {
  var button = document.querySelector(".copy-link");
  if (!button || !navigator.clipboard) return;
  var status = button.nextElementSibling;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.dataset.url).then(function () {
      status.textContent = button.dataset.done;
    });
  });
})();
