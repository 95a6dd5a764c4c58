// The tracklist paste's preview, a little quicker to read: a skipped line fades, and a name's
// "jenis" (person or group) shows only while the name is to become a new artist.
"use strict";
{
    function syncRow(checkbox) {
        checkbox.closest(".paste-row").classList.toggle("paste-skipped", checkbox.checked);
    }

    function syncName(select) {
        const kind = select.closest("tr").querySelector("select[name$='-kind']");
        if (kind) {
            kind.hidden = select.value !== "new";
        }
    }

    document.addEventListener("DOMContentLoaded", () => {
        document.querySelectorAll(".paste-row input[name$='-skip']").forEach((checkbox) => {
            syncRow(checkbox);
            checkbox.addEventListener("change", () => syncRow(checkbox));
        });
        document.querySelectorAll(".paste-names select[name$='-match']").forEach((select) => {
            syncName(select);
            select.addEventListener("change", () => syncName(select));
        });
    });
}
