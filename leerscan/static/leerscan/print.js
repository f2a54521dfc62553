// A button marked data-print prints the page (no inline onclick: the Content-Security-Policy allows
// only leerscan's own script files).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
