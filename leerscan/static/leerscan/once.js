// A form is sent once: a second click (or Enter) while the page is still loading is ignored, so a
// double click never records a plan action, a time entry or a story twice. Forms that download a
// file keep the page open, so they can be sent again after a few seconds.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.sending) {
    event.preventDefault();
    return;
  }
  form.dataset.sending = "1";
  setTimeout(function () { delete form.dataset.sending; }, 4000);
});
