// Slugs the admin fills in from a title (prepopulated_fields) without the title's markup.
// Django's URLify keeps the letters of any tag typed in a title ("<b>Judul</b> baru" gives
// "bjudulb-baru"), while the server stores titles and names as plain text and slugs that
// (pophariini.sanitize.clean_text): reduce the text the same way before URLify sees it.
"use strict";
{
    const urlify = window.URLify;
    const parser = new DOMParser();

    // Entities decoded and tags dropped until nothing changes, script and style with their
    // content, as clean_text does; a "<" that starts no tag ("aku <3 kamu") stays. A parsed
    // document is inert: nothing in it runs or loads.
    function plainText(text) {
        for (let round = 0; round < 5; round++) {
            const doc = parser.parseFromString(text, "text/html");
            doc.querySelectorAll("script, style").forEach((element) => element.remove());
            const cleaned = doc.documentElement.textContent;
            if (cleaned === text) break;
            text = cleaned;
        }
        return text;
    }

    if (urlify) {
        // prepopulate.js calls the global URLify each time a title changes.
        window.URLify = (text, maxLength, allowUnicode) => urlify(plainText(text), maxLength, allowUnicode);
    }
}
