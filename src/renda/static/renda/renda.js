// Renda's only script: small behaviours without inline handlers (the CSP forbids them).

// List tables (table.table-cards) become cards on phones (renda.css): each cell without its own data-label
// gets its column's header text; the row's title cell (data-card-title) is the first cell with a link
// unless the template marks one.
function tableCardsLabel(table) {
  const heads = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
  table.querySelectorAll("tbody tr").forEach((tr) => {
    let col = 0;
    const cells = Array.from(tr.children);
    cells.forEach((td) => {
      const span = td.colSpan || 1;
      if (!td.hasAttribute("data-label") && span === 1 && heads[col]) td.dataset.label = heads[col];
      col += span;
    });
    if (!tr.querySelector("[data-card-title]")) {
      const first = cells.find((td) => td.querySelector("a[href]") && (td.colSpan || 1) === 1);
      if (first) first.dataset.cardTitle = "";
    }
  });
}

// The picker: a <select multiple data-picker> or a list of checkboxes with data-picker (Django's
// CheckboxSelectMultiple) becomes a filter box, the chosen ones as removable chips, and a list of large
// checkbox rows. The original controls stay in the form (hidden) and carry the values that are posted.
function pickerBuild(original, options) {
  const texts = original.dataset;
  const box = document.createElement("div");
  box.className = "picker";
  box.dataset.testid = "picker";
  const chips = document.createElement("div");
  chips.className = "picker-chips";
  chips.setAttribute("aria-live", "polite");
  const filter = document.createElement("input");
  filter.type = "search";
  filter.className = "form-control picker-filter";
  filter.placeholder = texts.pickerFilter || "";
  filter.setAttribute("aria-label", texts.pickerFilter || "");
  filter.autocomplete = "off";
  const list = document.createElement("div");
  list.className = "picker-list";
  list.setAttribute("role", "group");
  const none = document.createElement("div");
  none.className = "picker-empty px-3 d-none";
  none.textContent = texts.pickerNone || "";

  const rows = options.map((opt, i) => {
    const row = document.createElement("label");
    row.className = "picker-row";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.className = "form-check-input";
    box.id = `${original.id || "picker"}_pick_${i}`;
    box.checked = opt.get();
    box.addEventListener("change", () => { opt.set(box.checked); draw(); });
    const text = document.createElement("span");
    text.textContent = opt.text;
    row.append(box, text);
    list.append(row);
    return { row, box, opt, key: opt.text.toLowerCase() };
  });
  list.append(none);

  function draw() {
    chips.replaceChildren();
    const chosen = rows.filter((r) => r.opt.get());
    chosen.forEach((r) => {
      r.box.checked = true;
      const chip = document.createElement("button");
      chip.type = "button";
      chip.className = "btn btn-sm btn-outline-primary picker-chip";
      chip.textContent = `${r.opt.text} ×`;
      chip.setAttribute("aria-label", `${texts.pickerRemove || ""} ${r.opt.text}`.trim());
      chip.addEventListener("click", () => { r.opt.set(false); r.box.checked = false; draw(); });
      chips.append(chip);
    });
    rows.filter((r) => !r.opt.get()).forEach((r) => { r.box.checked = false; });
    if (!chosen.length) {
      const empty = document.createElement("span");
      empty.className = "picker-empty";
      empty.textContent = texts.pickerEmpty || "";
      chips.append(empty);
    }
  }
  filter.addEventListener("input", () => {
    const q = filter.value.trim().toLowerCase();
    let shown = 0;
    rows.forEach((r) => {
      const hit = !q || r.key.includes(q);
      r.row.classList.toggle("is-hidden", !hit);
      if (hit) shown += 1;
    });
    none.classList.toggle("d-none", shown > 0);
  });
  // Enter in the filter box must not send the form.
  filter.addEventListener("keydown", (event) => { if (event.key === "Enter") event.preventDefault(); });
  box.append(chips, filter, list);
  draw();
  return box;
}

function pickersInstall(root) {
  root.querySelectorAll("select[multiple][data-picker]").forEach((select) => {
    if (select.dataset.pickerReady) return;
    select.dataset.pickerReady = "1";
    const options = Array.from(select.options).map((o) => ({
      text: o.textContent.trim(), get: () => o.selected, set: (v) => { o.selected = v; },
    }));
    // A hidden control cannot show the browser's "required" bubble: the server says so next to the field.
    select.required = false;
    select.classList.add("d-none");
    select.after(pickerBuild(select, options));
  });
  const groups = new Set();
  root.querySelectorAll("input[type=checkbox][data-picker]").forEach((input) => {
    const group = input.closest("div[id]");
    if (group) groups.add(group);
  });
  groups.forEach((group) => {
    if (group.dataset.pickerReady) return;
    group.dataset.pickerReady = "1";
    const inputs = Array.from(group.querySelectorAll("input[type=checkbox]"));
    const options = inputs.map((input) => ({
      text: (input.closest("label") || {}).textContent?.trim() || input.value,
      get: () => input.checked, set: (v) => { input.checked = v; },
    }));
    const picker = pickerBuild(inputs[0], options);
    group.classList.add("d-none");
    group.after(picker);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form.submit());
  });
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // A button[data-copy] copies the text of the element whose id it names (the calendar feed's URL).
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    button.addEventListener("click", () => {
      const source = document.getElementById(button.dataset.copy);
      if (source && navigator.clipboard) navigator.clipboard.writeText(source.textContent.trim());
      if (button.dataset.copied) button.textContent = button.dataset.copied;
    });
  });
  document.querySelectorAll("form[data-progress]").forEach((form) => {
    form.addEventListener("submit", () => {
      const box = document.getElementById(form.dataset.progress);
      if (box) box.classList.remove("d-none");
      form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
    });
  });
  document.querySelectorAll("table.table-cards").forEach(tableCardsLabel);
  pickersInstall(document);
});
// Parts of pages htmx swaps in get the same behaviours.
document.addEventListener("htmx:afterSettle", (event) => {
  event.target.querySelectorAll("table.table-cards").forEach(tableCardsLabel);
  pickersInstall(event.target);
});
