// Wide tables (and the boxes around wide tables and grids) scroll sideways on their own on a small screen. Those that do take the
// keyboard focus (tabindex 0), so that people who do not use a mouse or a touch screen can scroll
// them with the arrow keys too (WCAG 2.1.1); they are named after their caption for screen readers.
(function () {
  function markScrollingRegions() {
    document.querySelectorAll("main table, main div").forEach(function (region) {
      var style = getComputedStyle(region).overflowX;
      var scrolls = (style === "auto" || style === "scroll") && region.scrollWidth > region.clientWidth + 1;
      if (scrolls && !region.hasAttribute("tabindex")) {
        region.tabIndex = 0;
        region.dataset.scrollFocus = "1";
      } else if (!scrolls && region.dataset.scrollFocus) {
        region.removeAttribute("tabindex");
        delete region.dataset.scrollFocus;
      }
    });
  }
  document.addEventListener("DOMContentLoaded", markScrollingRegions);
  window.addEventListener("resize", markScrollingRegions);
  document.addEventListener("htmx:afterSettle", markScrollingRegions);
})();
