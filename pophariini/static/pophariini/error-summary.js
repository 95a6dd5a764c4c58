// A form sent back with errors says which fields they are in, not only "Harap perbaiki
// kesalahan di bawah.": under Django's note, a link per field (its label, as the form
// shows it), and a link brings the field to the middle of the window and focuses it, so
// the article form's sticky publishing bar never hides it. Without script the note stays
// as Django writes it.
"use strict";
{
    const text = (element) => (element ? element.textContent.replace(/:\s*$/, "").trim() : "");

    function labelOf(errors) {
        const row = errors.closest(".form-row");
        if (row && row.querySelector("label")) return text(row.querySelector("label"));
        // An inline's error: the inline's heading ("Daftar lagu"), with the column of a
        // table's cell ("Daftar lagu: Durasi").
        const group = errors.closest(".inline-group");
        const heading = text(group && group.querySelector("h2"));
        const cell = errors.closest("td");
        const column = cell && cell.closest("table").tHead?.rows[0]?.cells[cell.cellIndex];
        return column && text(column) ? `${heading}: ${text(column)}` : heading;
    }

    // The first field of the error's row that a person can see and use: the rich-text
    // editor rather than the hidden textarea behind it, the autocomplete's box rather than
    // the select it hides.
    const FIELDS = "input:not([type=hidden]), select, textarea, [contenteditable=true], .select2-selection";

    function targetOf(errors) {
        const row = errors.closest("td, .form-row, tr, .inline-related, .inline-group") || errors;
        const visible = [...row.querySelectorAll(FIELDS)].find(
            (field) => field.getClientRects().length && !field.classList.contains("select2-hidden-accessible")
        );
        return visible || row;
    }

    function summarise() {
        const note = document.querySelector("p.errornote");
        if (!note || note.nextElementSibling?.classList.contains("error-summary")) return;
        const seen = new Map();
        for (const errors of document.querySelectorAll("ul.errorlist:not(.nonfield)")) {
            if (errors.closest(".empty-form")) continue;
            const label = labelOf(errors);
            if (label && !seen.has(label)) seen.set(label, errors);
        }
        if (!seen.size) return;
        const list = document.createElement("ul");
        list.className = "error-summary";
        for (const [label, errors] of seen) {
            const link = document.createElement("a");
            link.href = "#";
            link.textContent = label;
            link.addEventListener("click", (event) => {
                event.preventDefault();
                const target = targetOf(errors);
                target.scrollIntoView({block: "center"});
                target.focus({preventScroll: true});
            });
            const item = document.createElement("li");
            item.append(link);
            list.append(item);
        }
        note.after(list);
    }

    // Loaded with defer: the form is parsed by now.
    summarise();
}
