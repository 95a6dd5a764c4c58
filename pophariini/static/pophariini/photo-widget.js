// Photo fields (hero, cover, poster, author and artist photos): the chooser instead of a dropdown.
// One delegated listener serves every field, including inline rows added after the page loaded.
import { openPhotoChooser } from "pophariini/photo-chooser"

function show(field, photo) {
  const input = field.querySelector("input[type=hidden]")
  input.value = photo ? photo.id : ""
  input.dispatchEvent(new Event("change", { bubbles: true }))
  const preview = field.querySelector("[data-preview]")
  preview.hidden = !photo
  field.querySelector("[data-empty]").hidden = !!photo
  const clear = field.querySelector("[data-action=clear]")
  if (clear) clear.hidden = !photo
  field.querySelector("[data-change-link]")?.remove()
  if (!photo) return
  const thumb = preview.querySelector("[data-thumb]")
  thumb.src = photo.thumb
  thumb.alt = photo.alt
  preview.querySelector("[data-alt]").textContent = photo.alt
  preview.querySelector("[data-caption]").textContent = photo.caption
  preview.querySelector("[data-credit]").textContent = photo.credit
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-photo-chooser] [data-action]")
  if (!button) return
  const field = button.closest("[data-photo-chooser]")
  if (button.dataset.action === "clear") {
    show(field, null)
    return
  }
  openPhotoChooser({
    listUrl: field.dataset.listUrl,
    uploadUrl: field.dataset.uploadUrl,
    onChoose: (photos) => show(field, photos[0]),
  })
})
