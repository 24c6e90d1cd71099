// tdkt web UI: the CSRF header for htmx, the nominee table (add rows, paste from a spreadsheet),
// confirmations. Plain JavaScript, no framework, no inline handlers (the CSP forbids them).
"use strict";

(function () {
  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrf();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // ---- nominee table -------------------------------------------------------------------
  function table() { return document.getElementById("nominee-rows"); }

  // Row i's controls are f-nominees-<i>-<field>, their errors e-nominees-<i>-<field>.
  function renumber() {
    var rows = table().querySelectorAll("tr");
    rows.forEach(function (row, index) {
      var here = "nominees-" + index + "-";
      row.querySelectorAll("[data-name]").forEach(function (input) {
        input.name = here + input.getAttribute("data-name");
        input.id = "f-" + here + input.getAttribute("data-name");
      });
      row.querySelectorAll("label[data-for]").forEach(function (label) {
        label.htmlFor = "f-" + here + label.getAttribute("data-for");
      });
      row.querySelectorAll('[id^="e-nominees-"]').forEach(function (el) {
        el.id = el.id.replace(/^e-nominees-\d+-/, "e-" + here);
      });
      row.querySelectorAll("[aria-describedby]").forEach(function (el) {
        el.setAttribute("aria-describedby",
          el.getAttribute("aria-describedby").replace(/nominees-\d+-/g, here));
      });
      var out = row.querySelector(".elig");
      if (out) { out.id = "elig-" + index; }
      var check = row.querySelector("[data-check]");
      if (check) {
        check.setAttribute("hx-vals", JSON.stringify({ row: String(index) }));
        check.setAttribute("hx-target", "#elig-" + index);
      }
      var num = row.querySelector(".num");
      if (num) { num.textContent = String(index + 1); }
    });
    document.getElementById("nominee-count").value = String(rows.length);
  }

  function addRow(values) {
    var template = document.getElementById("nominee-template");
    var row = template.content.firstElementChild.cloneNode(true);
    table().appendChild(row);
    values = values || {};
    Object.keys(values).forEach(function (key) {
      var input = row.querySelector('[data-name="' + key + '"]');
      if (!input) { return; }
      if (input.type === "checkbox") { input.checked = values[key]; } else { input.value = values[key]; }
    });
    renumber();
    if (window.htmx) { window.htmx.process(row); }
    return row;
  }

  var YES = ["có", "co", "x", "yes", "y", "1", "true", "đúng"];
  function kindOf(text) {
    var value = (text || "").trim().toLowerCase().normalize("NFC");
    if (value.indexOf("tập thể") === 0 || value === "collective") { return "collective"; }
    if (value.indexOf("hộ") === 0 || value === "household") { return "household"; }
    return "individual";
  }
  function genderOf(text) {
    var value = (text || "").trim().toLowerCase().normalize("NFC");
    if (value === "nam" || value === "male" || value === "m") { return "male"; }
    if (value === "nữ" || value === "nu" || value === "female" || value === "f") { return "female"; }
    return "";
  }

  function pasteRows(text) {
    var added = 0;
    text.replace(/\r/g, "").split("\n").forEach(function (line) {
      if (!line.trim()) { return; }
      var cells = line.split("\t").map(function (c) { return c.trim().normalize("NFC"); });
      if (!cells[0]) { return; }
      addRow({
        name: cells[0],
        position: cells[1] || "",
        kind: kindOf(cells[2]),
        gender: genderOf(cells[3]),
        direct: YES.indexOf((cells[4] || "").toLowerCase()) >= 0,
      });
      added += 1;
    });
    // Drop the blank first row once real rows were pasted.
    var first = table().querySelector("tr");
    if (added && first && !first.querySelector('[data-name="name"]').value && table().rows.length > 1) {
      first.remove();
      renumber();
    }
    return added;
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    if (target.matches("[data-add-row]")) {
      event.preventDefault();
      var row = addRow();
      row.querySelector('[data-name="name"]').focus();
    } else if (target.matches("[data-remove-row]")) {
      event.preventDefault();
      if (table().rows.length > 1) { target.closest("tr").remove(); renumber(); }
    } else if (target.matches("[data-paste-apply]")) {
      event.preventDefault();
      var area = document.getElementById("paste-area");
      var n = pasteRows(area.value);
      area.value = "";
      document.getElementById("paste-status").textContent = n ? "+" + n : "";
    }
  });

  // Pasting tab-separated cells straight into a name cell fills the table too.
  document.addEventListener("paste", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLInputElement) || target.getAttribute("data-name") !== "name") { return; }
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (text.indexOf("\t") < 0 && text.indexOf("\n") < 0) { return; }
    event.preventDefault();
    pasteRows(text);
  });

  // ---- file uploads: refuse a file over the limit before sending it -------------------
  function showError(input, message) {
    var id = input.id.indexOf("f-") === 0 ? "e-" + input.id.slice(2) : input.id + "-err";
    var span = document.getElementById(id);
    if (!span) {
      span = document.createElement("span");
      span.className = "err";
      span.id = id;
      input.insertAdjacentElement("afterend", span);
    }
    span.textContent = message;
    input.setAttribute("aria-invalid", "true");
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (described.indexOf(id) < 0) { described.unshift(id); }
    input.setAttribute("aria-describedby", described.join(" "));
    input.focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-upload")) { return; }
    form.querySelectorAll('input[type="file"][data-max-bytes]').forEach(function (input) {
      var max = parseInt(input.getAttribute("data-max-bytes"), 10);
      var file = input.files && input.files[0];
      if (file && max && file.size > max) {
        event.preventDefault();
        showError(input, input.getAttribute("data-too-large"));
      }
    });
  }, true);

  // ---- forms people trust ---------------------------------------------------------------
  // What a form sends is kept in this tab's sessionStorage until the next page shows whether it
  // arrived. When the server answered with the login page (the session had expired), the page
  // after the login that holds the same form, still empty, gets the typed values back and says
  // so; any other page forgets them. Passwords, files and the CSRF token are never kept.
  var STASH = "tdkt-form";
  var SKIP = { password: 1, file: 1, hidden: 1, submit: 1, button: 1 };

  function keptFields(form) {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.type]) { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        fields.push([el.name, el.value, el.checked]);
      } else {
        fields.push([el.name, el.value, null]);
      }
    });
    return fields;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute("data-keep")) { return; }
    var count = document.getElementById("nominee-count");
    try {
      window.sessionStorage.setItem(STASH, JSON.stringify({
        action: form.getAttribute("action"),
        rows: count && form.contains(count) ? Number(count.value) : 0,
        fields: keptFields(form),
      }));
    } catch (e) { /* storage full or disabled: nothing to keep */ }
  });

  function isBlank(form) {
    return keptFields(form).every(function (f) {
      var el = form.querySelector('[name="' + f[0] + '"]');
      return f[2] === null ? !f[1] || (el && el.tagName === "SELECT" && el.selectedIndex <= 0) : true;
    });
  }

  function restore() {
    var raw = null;
    try { raw = window.sessionStorage.getItem(STASH); } catch (e) { return; }
    if (!raw) { return; }
    var kept = JSON.parse(raw);
    if (window.location.pathname === "/login") {
      // the server sent the form's sender here: keep it for the page after the login
      kept.viaLogin = true;
      window.sessionStorage.setItem(STASH, JSON.stringify(kept));
      return;
    }
    window.sessionStorage.removeItem(STASH);
    if (!kept.viaLogin) { return; }
    var form = document.querySelector('form[data-keep][action="' + kept.action + '"]');
    if (!form || !isBlank(form) || document.querySelector("[data-errors]")) { return; }
    if (kept.rows && table()) { while (table().rows.length < kept.rows) { addRow(); } }
    kept.fields.forEach(function (f) {
      var el = null;
      form.querySelectorAll('[name="' + f[0] + '"]').forEach(function (candidate) {
        if (f[2] === null || candidate.value === f[1]) { el = candidate; }
      });
      if (!el) { return; }
      if (f[2] === null) { el.value = f[1]; } else { el.checked = f[2]; }
    });
    var note = document.createElement("p");
    note.className = "notice";
    note.setAttribute("role", "status");
    note.textContent = document.getElementById("main").getAttribute("data-restored");
    form.parentNode.insertBefore(note, form);
  }

  // After a refused form: focus the first invalid field (the first link of the error
  // summary), so keyboard and screen-reader users start where the problem is; the summary
  // itself is an alert, read out as the page loads.
  function reveal(field) {
    var details = field.closest("details");
    if (details) { details.open = true; }
  }

  function focusField(field) {
    reveal(field);
    field.focus();
    field.scrollIntoView({ block: "center" });
  }

  function focusFirstError() {
    var summary = document.getElementById("error-summary");
    var link = summary ? summary.querySelector("a[href^='#']") : null;
    var field = link ? document.getElementById(link.getAttribute("href").slice(1)) : null;
    field = field || document.querySelector('[aria-invalid="true"]');
    if (field && typeof field.focus === "function") {
      focusField(field);
    } else if (summary) {
      summary.focus();
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("#error-summary a") : null;
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) { event.preventDefault(); focusField(field); }
  });

  // ---- length limits: a counter, never a silent cut ----------------------------------------
  // The server refuses a text over its limit (naming the field); the counter says how much is
  // left, or by how much it is over, as the person types or pastes.
  function count(counter) {
    var field = document.getElementById(counter.getAttribute("data-counter"));
    if (!field) { return; }
    var max = parseInt(counter.getAttribute("data-max"), 10);
    var left = max - Array.from(field.value).length;
    var lang = document.documentElement.lang || "vi";
    var words = counter.getAttribute(left >= 0 ? "data-left" : "data-over");
    counter.textContent = words.replace("{n}", Math.abs(left).toLocaleString(lang));
    counter.classList.toggle("err", left < 0);
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.id) { return; }
    var counter = document.querySelector('[data-counter="' + target.id + '"]');
    if (counter) { count(counter); }
  });

  // ---- one submit per form -------------------------------------------------------------
  // A form is sent once: after its first submit a second one (a double click, Enter pressed
  // again) is ignored and its buttons are disabled while the answer loads. The server is the
  // real guard (each form's one-time token, `form_key`); this only spares the second request.
  // Disabling waits a tick: a button disabled during the submit event would not be sent
  // (the "Lưu nháp" button's draft=1). Registered last: a submit another handler cancelled
  // (a confirmation declined, a file too large, htmx taking it over) leaves the form usable.
  function buttonsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.type === "submit" || el.type === "image";
    }).concat(Array.prototype.slice.call(
      document.querySelectorAll('button[type="submit"][form="' + form.id + '"]')));
  }

  function setBusy(form, busy) {
    if (busy) { form.setAttribute("data-sent", ""); } else { form.removeAttribute("data-sent"); }
    form.setAttribute("aria-busy", busy ? "true" : "false");
    buttonsOf(form).forEach(function (button) { button.disabled = busy; });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") { return; }
    if (form.hasAttribute("data-sent")) { event.preventDefault(); return; }
    if (event.defaultPrevented) { return; }
    form.setAttribute("data-sent", "");
    window.setTimeout(function () { setBusy(form, true); }, 0);
  });

  // htmx posts a form itself: its buttons wait for the answer, then work again
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail && event.detail.elt;
    if (form instanceof HTMLFormElement) {
      if (form.hasAttribute("data-sent")) { event.preventDefault(); return; }
      setBusy(form, true);
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail && event.detail.elt;
    if (form instanceof HTMLFormElement) { setBusy(form, false); }
  });

  // a page shown again from the browser's history: its forms may be sent again
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-sent]").forEach(function (form) { setBusy(form, false); });
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (document.getElementById("nominee-rows")) { renumber(); }
    document.querySelectorAll("[data-counter]").forEach(count);
    restore();
    focusFirstError();
  });
})();
