// The article form's music suggestions (articles.admin.music_tools): read from the title, dek and
// body as they are written, shown in the "Musik dalam artikel" section, one click adding each to
// its chooser (saved with the article). Without this script the section's links lead to pages.
"use strict";
{
    const FIELDS = ["artists", "songs", "releases", "films"];

    function bodyHtml() {
        // django-prose-editor keeps its textarea up to date as the editor types.
        return document.getElementById("id_body")?.value || "";
    }

    function chosen(field) {
        const select = document.getElementById(`id_${field}`);
        return select ? Array.from(select.selectedOptions, (option) => option.value) : [];
    }

    async function load(tools) {
        const data = new FormData();
        data.append("title", document.getElementById("id_title")?.value || "");
        data.append("dek", document.getElementById("id_dek")?.value || "");
        data.append("body", bodyHtml());
        FIELDS.forEach((field) => chosen(field).forEach((value) => data.append(field, value)));
        const token = document.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";
        const box = tools.querySelector(".music-suggestions");
        try {
            const response = await fetch(tools.dataset.suggestUrl, {
                method: "POST",
                body: data,
                headers: {"X-CSRFToken": token},
                credentials: "same-origin",
            });
            if (!response.ok) {
                throw new Error(response.status);
            }
            render(tools, await response.json());
        } catch (error) {
            box.hidden = false;
            box.textContent = tools.dataset.error;
        }
    }

    function render(tools, answer) {
        const box = tools.querySelector(".music-suggestions");
        box.replaceChildren();
        box.hidden = false;
        const intro = document.createElement("p");
        intro.textContent = answer.suggestions.length ? tools.dataset.heading : answer.empty;
        box.append(intro);
        if (!answer.suggestions.length) {
            return;
        }
        const list = document.createElement("ul");
        answer.suggestions.forEach((suggestion) => {
            const item = document.createElement("li");
            const button = document.createElement("button");
            button.type = "button";
            button.className = "music-suggestion";
            button.dataset.field = suggestion.field;
            button.dataset.id = suggestion.id;
            button.textContent = `+ ${suggestion.label}`;
            const kind = document.createElement("span");
            kind.className = "music-suggestion-kind";
            kind.textContent = suggestion.kind_label;
            button.append(" ", kind);
            button.addEventListener("click", () => add(suggestion, button));
            item.append(button);
            list.append(item);
        });
        box.append(list);
    }

    function add(suggestion, button) {
        const select = document.getElementById(`id_${suggestion.field}`);
        if (!select) {
            return;
        }
        let option = Array.from(select.options).find((each) => each.value === String(suggestion.id));
        if (option) {
            option.selected = true;
        } else {
            option = new Option(suggestion.label, suggestion.id, true, true);
            select.append(option);
        }
        // select2 (the admin's autocomplete) redraws on jQuery's change event.
        if (window.django && window.django.jQuery) {
            window.django.jQuery(select).trigger("change");
        } else {
            select.dispatchEvent(new Event("change", {bubbles: true}));
        }
        button.disabled = true;
        button.classList.add("music-suggestion-added");
        button.firstChild.textContent = `✓ ${suggestion.label}`;
    }

    document.addEventListener("DOMContentLoaded", () => {
        const tools = document.querySelector(".music-tools");
        if (!tools) {
            return;
        }
        const form = tools.closest("form");
        const before = form ? new URLSearchParams(new FormData(form)).toString() : "";
        const button = tools.querySelector(".music-suggest-button");
        button.hidden = false;
        // With this script the link no longer leaves the page: it reloads the suggestions here.
        button.setAttribute("role", "button");
        button.addEventListener("click", (event) => {
            event.preventDefault();
            load(tools);
        });
        const paste = tools.querySelector(".music-paste-link");
        if (paste && form) {
            paste.addEventListener("click", (event) => {
                const now = new URLSearchParams(new FormData(form)).toString();
                if (now !== before && !window.confirm(tools.dataset.unsaved)) {
                    event.preventDefault();
                }
            });
        }
        if (tools.dataset.auto === "1") {
            load(tools);
        }
    });
}
