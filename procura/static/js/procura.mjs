// Procura's page behaviour: GOV.UK Frontend on every page, and on every htmx swap, so swapped
// content behaves as if the whole page had loaded (the GOV.UK error pattern included).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

document.body.addEventListener("htmx:afterSwap", (event) => {
  const swapped = event.detail.elt;
  initAll({ scope: swapped });
  const title = document.title.replace(/^Error: /, "");
  const summary = swapped.querySelector(".govuk-error-summary");
  if (summary) {
    // Error pattern: the title starts "Error: " and focus moves to the summary.
    document.title = `Error: ${title}`;
    summary.setAttribute("tabindex", "-1");
    summary.focus();
    return;
  }
  document.title = title;
  const target = swapped.querySelector("[data-focus-after-swap]");
  if (target) {
    target.setAttribute("tabindex", "-1");
    target.focus();
  }
});
