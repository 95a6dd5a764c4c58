// The article form's helpers: soft-lock heartbeat, unsaved changes kept in this browser,
// tag suggestions and the preview beside the form. Strings come translated from the page.
"use strict";

(function () {
  const head = document.getElementById("article-publishing");
  if (!head) return;
  const form = head.closest("form");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  // Soft lock: renew while the page is open; tell who else has it open.
  const lockUrl = head.dataset.lockUrl;
  let submitting = false;
  form.addEventListener("submit", () => {
    submitting = true;
  });
  if (lockUrl) {
    const notice = head.querySelector(".edit-lock-notice");
    const beat = () => {
      fetch(lockUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrf },
        credentials: "same-origin",
      })
        .then((response) => (response.ok ? response.json() : null))
        .then((answer) => {
          if (!answer) return;
          notice.textContent = answer.notice;
          notice.hidden = !answer.notice;
        })
        .catch(() => {});
    };
    setInterval(beat, Number(head.dataset.heartbeatMs) || 30000);
    window.addEventListener("pagehide", () => {
      // Saving reloads this article: keep the lock instead of racing the next page's claim.
      if (submitting) return;
      const body = new FormData();
      body.append("csrfmiddlewaretoken", csrf);
      navigator.sendBeacon(head.dataset.unlockUrl, body);
    });
  }

  // Unsaved changes survive a closed tab or a crash: kept per account and article in
  // localStorage, offered back on reopening, forgotten after a successful save.
  if (head.hasAttribute("data-autosave")) {
    const prefix = "pophariini.autosave.";
    const key = `${prefix}u${head.dataset.user}.a${head.dataset.article}`;
    const skipped = new Set(["csrfmiddlewaretoken", "loaded_version", "workflow_action"]);
    const fields = () =>
      Array.from(form.elements).filter(
        (field) =>
          field.name &&
          !skipped.has(field.name) &&
          !["file", "submit", "button", "password", "hidden"].includes(field.type),
      );
    const snapshot = () => {
      const values = {};
      for (const field of fields()) {
        if (field.type === "checkbox" || field.type === "radio") {
          if (field.checked) values[field.name] = (values[field.name] || []).concat(field.value);
        } else if (field.multiple) {
          values[field.name] = Array.from(field.selectedOptions, (option) => option.value);
        } else {
          values[field.name] = field.value;
        }
      }
      return values;
    };
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    const read = () => {
      try {
        return JSON.parse(localStorage.getItem(key));
      } catch (error) {
        return null;
      }
    };
    const forget = (name) => {
      try {
        localStorage.removeItem(name);
      } catch (error) {
        /* storage unavailable: nothing kept, nothing to forget */
      }
    };

    // A save that went through: its kept copy is no longer needed.
    const pending = sessionStorage.getItem(`${prefix}pending`);
    sessionStorage.removeItem(`${prefix}pending`);
    if (pending && document.querySelector(".messagelist .success") && !document.querySelector(".errornote")) {
      forget(pending);
    }

    let initial = null;
    let decided = true;
    const keep = () => {
      if (!decided) return;
      const values = snapshot();
      if (same(values, initial)) return forget(key);
      try {
        localStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), values }));
      } catch (error) {
        /* full or disabled storage: the form itself still works */
      }
    };
    const restore = (values) => {
      for (const field of fields()) {
        if (!(field.name in values)) continue;
        const value = values[field.name];
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = value.includes(field.value);
        } else if (field.tagName === "SELECT") {
          // An autocomplete lists only its chosen options: a value it no longer offers is left
          // as it is rather than emptied.
          const wanted = [].concat(value);
          const offered = Array.from(field.options, (option) => option.value);
          if (!wanted.every((one) => one === "" || offered.includes(one))) continue;
          for (const option of field.options) option.selected = wanted.includes(option.value);
          window.django?.jQuery?.(field).trigger("change");
        } else {
          field.value = value;
        }
        // The body's rich-text editor keeps its own document: give it the text too.
        const container = field.closest(".prose-editor");
        const views = container ? Array.from(container.querySelectorAll(".ProseMirror")) : [];
        const editor = views.map((view) => view.editor).find(Boolean);
        if (editor) editor.commands.setContent(value);
        field.dispatchEvent(new Event("change", { bubbles: true }));
      }
    };

    // The body editor fills its field after the page loads; look once it has.
    window.addEventListener("load", () => {
      // A page refused with errors shows the values just sent, not the saved article: keep them all.
      const refused = Boolean(document.querySelector(".errornote"));
      initial = refused ? null : snapshot();
      const kept = read();
      if (refused) {
        keep();
      } else if (kept && kept.values && !same(kept.values, initial)) {
        decided = false;
        const offer = head.querySelector(".autosave-offer");
        const text = offer.querySelector("p");
        const when = new Date(kept.savedAt).toLocaleString("id-ID", {
          weekday: "long",
          day: "numeric",
          month: "long",
          year: "numeric",
          hour: "2-digit",
          minute: "2-digit",
          timeZone: head.dataset.timeZone,
        });
        text.textContent = text.dataset.template.replace("{waktu}", when);
        offer.hidden = false;
        offer.querySelector("[data-restore]").addEventListener("click", () => {
          restore(kept.values);
          decided = true;
          offer.hidden = true;
          keep();
        });
        offer.querySelector("[data-discard]").addEventListener("click", () => {
          forget(key);
          decided = true;
          offer.hidden = true;
        });
      } else if (kept) {
        forget(key);
      }
      let timer = null;
      const later = () => {
        clearTimeout(timer);
        timer = setTimeout(keep, 800);
      };
      form.addEventListener("input", later);
      form.addEventListener("change", later);
      form.addEventListener("submit", () => {
        keep();
        sessionStorage.setItem(`${prefix}pending`, key);
      });
    });
  }

  // Tags: existing tags offered while typing, the one being typed after the last comma.
  const tags = form.querySelector("#id_tags");
  if (tags && head.dataset.tagUrl) {
    const list = document.createElement("datalist");
    list.id = "tag-suggestions";
    tags.after(list);
    tags.setAttribute("list", list.id);
    tags.setAttribute("autocomplete", "off");
    let timer = null;
    tags.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const cut = tags.value.lastIndexOf(",");
        const before = cut < 0 ? "" : `${tags.value.slice(0, cut + 1).trimEnd()} `;
        const typed = tags.value.slice(cut + 1).trim();
        if (!typed) {
          list.replaceChildren();
          return;
        }
        const chosen = new Set(before.split(",").map((name) => name.trim().toLowerCase()));
        fetch(`${head.dataset.tagUrl}?q=${encodeURIComponent(typed)}`, { credentials: "same-origin" })
          .then((response) => (response.ok ? response.json() : { tags: [] }))
          .then((answer) => {
            list.replaceChildren(
              ...answer.tags
                .filter((name) => !chosen.has(name.toLowerCase()))
                .map((name) => {
                  const option = document.createElement("option");
                  option.value = before + (name.includes(",") ? `"${name}"` : name);
                  return option;
                }),
            );
          })
          .catch(() => {});
      }, 200);
    });
  }

  // "Pratinjau": the saved version in a window on the right half of the screen, reused per article.
  const preview = document.querySelector("[data-preview-beside]");
  if (preview) {
    preview.addEventListener("click", (event) => {
      const width = Math.round(screen.availWidth / 2);
      const features = `popup,width=${width},height=${screen.availHeight},left=${screen.availWidth - width},top=0`;
      const opened = window.open(preview.href, preview.target, features);
      if (opened) {
        event.preventDefault();
        opened.focus();
      }
    });
  }
})();
