// The photo chooser dialog: pick a photo from the library (thumbnails, search, pages) or upload
// one or several (file picker or drag and drop), each with alt text, caption and credit.
// Used by the photo fields (photo-widget.js) and the body editor (articles/editor/photo-figure.js).
// The server side is pophariini/chooser.py; refusals come back in Indonesian and are shown
// beside the file they concern, with everything typed kept.

const gettext = window.gettext || ((text) => text)
const ngettext = window.ngettext || ((one, many, count) => (count === 1 ? one : many))
const interpolate = window.interpolate || ((text, values) => text.replace(/%s/g, () => values.shift()))

const ACCEPT = "image/jpeg,image/png,image/webp"

export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue
    if (/^(data-|aria-|role$|for$)/.test(name)) node.setAttribute(name, value === true ? "" : value)
    else node[name] = value
  }
  node.append(...children.filter((child) => child !== null && child !== undefined))
  return node
}

function csrfToken() {
  return document.querySelector("input[name=csrfmiddlewaretoken]")?.value || ""
}

async function requestJSON(url, options = {}) {
  let response
  try {
    response = await fetch(url, {
      credentials: "same-origin",
      ...options,
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken(), ...(options.headers || {}) },
    })
  } catch {
    return {
      ok: false,
      data: { message: gettext("Server tidak bisa dihubungi. Periksa sambungan internet, lalu coba lagi.") },
    }
  }
  if (!(response.headers.get("Content-Type") || "").includes("application/json")) {
    const message =
      response.status === 413
        ? gettext("Berkas terlalu besar untuk diunggah.")
        : gettext(
            "Permintaan ditolak: sesi Anda mungkin sudah berakhir. Masuk lagi di tab baru, lalu coba lagi; isi formulir ini tetap aman.",
          )
    return { ok: false, data: { message, errors: {} } }
  }
  return { ok: response.ok, data: await response.json() }
}

export function photoLabel(photo) {
  return photo.alt || photo.caption || photo.name || `#${photo.id}`
}

function thumbnail(photo) {
  return photo.thumb
    ? el("img", { src: photo.thumb, alt: photo.alt || "", loading: "lazy" })
    : el("span", { className: "photo-chooser__nofile", textContent: gettext("Berkas tidak ada") })
}

function field(label, input, help = "") {
  const id = `photo-chooser-${Math.random().toString(36).slice(2)}`
  input.id = id
  return el("div", { className: "photo-chooser__field" }, [
    el("label", { for: id, textContent: label }),
    input,
    help ? el("span", { className: "photo-chooser__help", textContent: help }) : null,
  ])
}

function modal(title, className) {
  const heading = el("h2", { textContent: title, id: `photo-dialog-${Date.now()}` })
  const close = el("button", {
    type: "button",
    className: "photo-chooser__close",
    textContent: "×",
    "aria-label": gettext("Tutup"),
  })
  const body = el("div", { className: "photo-chooser__body" })
  const dialog = el("dialog", { className: `photo-chooser ${className}`, "aria-labelledby": heading.id }, [
    el("header", { className: "photo-chooser__header" }, [heading, close]),
    body,
  ])
  close.addEventListener("click", () => dialog.close())
  document.body.append(dialog)
  const closed = new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      dialog.remove()
      resolve()
    })
  })
  return { dialog, body, closed }
}

/**
 * Open the chooser. ``onChoose(photos)`` is called with each batch of chosen or uploaded
 * photos (each with ``figureCaption``/``figureCredit`` in figure mode); the returned
 * promise resolves when the dialog closes. ``files`` starts on the upload tab with them; so
 * does an empty library, unless the editor has picked a tab by then.
 */
export function openPhotoChooser({ listUrl, uploadUrl, multiple = false, figure = false, files = [], onChoose }) {
  const { dialog, body, closed } = modal(
    figure ? gettext("Sisipkan foto") : gettext("Pilih atau unggah foto"),
    "photo-chooser--main",
  )
  const tabs = el("div", { className: "photo-chooser__tabs", role: "tablist" })
  const choosePanel = el("section", { className: "photo-chooser__panel", role: "tabpanel" })
  const uploadPanel = el("section", { className: "photo-chooser__panel", role: "tabpanel" })
  let tabPicked = files.length > 0
  const tabButtons = [
    [gettext("Pilih dari pustaka"), choosePanel],
    [gettext("Unggah baru"), uploadPanel],
  ].map(([label, panel]) => {
    const button = el("button", { type: "button", role: "tab", textContent: label })
    button.addEventListener("click", () => {
      tabPicked = true
      showTab(panel)
    })
    tabs.append(button)
    return [button, panel]
  })
  function showTab(panel) {
    for (const [button, other] of tabButtons) {
      button.setAttribute("aria-selected", String(other === panel))
      other.hidden = other !== panel
    }
  }
  body.append(tabs, choosePanel, uploadPanel)

  const deliver = (photos) => {
    if (photos.length) onChoose(photos)
  }
  // Nothing to choose from yet: uploading is the only way on.
  const onEmptyLibrary = () => {
    if (!tabPicked) showTab(uploadPanel)
  }
  buildChoosePanel(choosePanel, { listUrl, figure, deliver, close: () => dialog.close(), onEmptyLibrary })
  const upload = buildUploadPanel(uploadPanel, {
    uploadUrl,
    multiple,
    deliver,
    close: () => dialog.close(),
  })
  if (files.length) {
    upload.add(files)
    showTab(uploadPanel)
  } else {
    showTab(choosePanel)
  }
  dialog.showModal()
  return closed
}

function buildChoosePanel(panel, { listUrl, figure, deliver, close, onEmptyLibrary }) {
  const search = el("input", {
    type: "search",
    className: "vTextField",
    placeholder: gettext("Cari keterangan, teks alternatif, kredit, atau nama berkas"),
  })
  const status = el("p", { className: "photo-chooser__status", role: "status" })
  const grid = el("ul", { className: "photo-chooser__grid" })
  const previous = el("button", { type: "button", className: "button", textContent: gettext("‹ Sebelumnya") })
  const next = el("button", { type: "button", className: "button", textContent: gettext("Berikutnya ›") })
  const pageInfo = el("span")
  const pager = el("nav", { className: "photo-chooser__pager", "aria-label": gettext("Halaman") }, [
    previous,
    pageInfo,
    next,
  ])
  const caption = el("input", { type: "text", className: "vTextField", maxLength: 500 })
  const credit = el("input", { type: "text", className: "vTextField", maxLength: 200 })
  const chosenPreview = el("div", { className: "photo-chooser__chosen" })
  const submit = el("button", {
    type: "button",
    className: "button default",
    textContent: figure ? gettext("Sisipkan foto ini") : gettext("Pakai foto ini"),
    disabled: true,
  })
  const details = el("div", { className: "photo-chooser__details" }, [
    chosenPreview,
    figure ? field(gettext("Keterangan"), caption, gettext("Bawaan foto; ubah hanya untuk artikel ini.")) : null,
    figure ? field(gettext("Kredit"), credit) : null,
    submit,
  ])
  panel.append(field(gettext("Cari foto"), search), status, grid, pager, details)

  let chosen = null
  let page = 1
  let timer = null
  let firstLoad = true

  async function load() {
    status.textContent = gettext("Memuat…")
    const url = new URL(listUrl, window.location.href)
    url.searchParams.set("q", search.value)
    url.searchParams.set("page", page)
    const { ok, data } = await requestJSON(url)
    if (!ok) {
      status.textContent = data.message
      return
    }
    grid.replaceChildren(
      ...data.results.map((photo) => {
        const tile = el("button", { type: "button", className: "photo-chooser__tile", "aria-pressed": "false" }, [
          thumbnail(photo),
          el("span", { className: "photo-chooser__label", textContent: photoLabel(photo) }),
          photo.credit ? el("span", { className: "photo-chooser__credit", textContent: photo.credit }) : null,
        ])
        tile.dataset.photoId = photo.id
        tile.addEventListener("click", () => choose(photo, tile))
        tile.addEventListener("dblclick", () => {
          choose(photo, tile)
          submit.click()
        })
        return el("li", {}, [tile])
      }),
    )
    page = data.page
    if (firstLoad && !data.count && !search.value) onEmptyLibrary()
    firstLoad = false
    status.textContent = data.count
      ? interpolate(ngettext("%s foto", "%s foto", data.count), [data.count])
      : search.value
        ? gettext("Tidak ada foto yang cocok.")
        : gettext("Pustaka foto masih kosong. Unggah foto baru.")
    pageInfo.textContent = interpolate(gettext("Halaman %s dari %s"), [data.page, data.pages])
    previous.disabled = data.page <= 1
    next.disabled = data.page >= data.pages
    pager.hidden = data.pages <= 1
  }

  function choose(photo, tile) {
    chosen = photo
    for (const other of grid.querySelectorAll("[aria-pressed]")) other.setAttribute("aria-pressed", "false")
    tile.setAttribute("aria-pressed", "true")
    chosenPreview.replaceChildren(
      thumbnail(photo),
      el("p", {}, [el("strong", { textContent: gettext("Teks alternatif: ") }), photo.alt || "—"]),
    )
    caption.value = photo.caption
    credit.value = photo.credit
    submit.disabled = false
  }

  search.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      page = 1
      load()
    }, 250)
  })
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault() // never submit the article form
  })
  previous.addEventListener("click", () => {
    page -= 1
    load()
  })
  next.addEventListener("click", () => {
    page += 1
    load()
  })
  submit.addEventListener("click", () => {
    if (!chosen) return
    deliver([{ ...chosen, figureCaption: caption.value.trim(), figureCredit: credit.value.trim() }])
    close()
  })
  load()
}

function buildUploadPanel(panel, { uploadUrl, multiple, deliver, close }) {
  const input = el("input", { type: "file", accept: ACCEPT, multiple, className: "photo-chooser__file" })
  const dropzone = el("label", { className: "photo-chooser__dropzone" }, [
    el("span", {
      textContent: multiple
        ? gettext("Seret foto ke sini, atau klik untuk memilih berkas (bisa beberapa sekaligus).")
        : gettext("Seret foto ke sini, atau klik untuk memilih berkas."),
    }),
    el("span", { className: "photo-chooser__help", textContent: gettext("JPEG, PNG, atau WebP.") }),
    // The browser's own file button speaks the browser's language; this one speaks the admin's.
    el("span", { className: "button photo-chooser__pick", textContent: gettext("Pilih berkas") }),
    input,
  ])
  const list = el("ol", { className: "photo-chooser__uploads" })
  const status = el("p", { className: "photo-chooser__status", role: "status" })
  const submit = el("button", {
    type: "button",
    className: "button default",
    textContent: gettext("Unggah"),
    hidden: true,
  })
  panel.append(dropzone, list, status, submit)
  const pending = []

  function add(files) {
    const chosen = Array.from(files).filter((file) => file instanceof File)
    if (!multiple) {
      pending.splice(0).forEach((item) => item.row.remove())
      chosen.splice(1)
    }
    for (const file of chosen) pending.push(pendingRow(file))
    submit.hidden = pending.length === 0
    status.textContent = ""
    pending.at(-1)?.alt.focus()
  }

  function pendingRow(file) {
    const preview = el("img", { alt: "", className: "photo-chooser__preview" })
    if (file.size < 25 * 1024 * 1024) {
      const reader = new FileReader()
      reader.addEventListener("load", () => {
        preview.src = reader.result
      })
      reader.readAsDataURL(file)
    }
    const alt = el("input", { type: "text", className: "vTextField", required: true, maxLength: 300 })
    const caption = el("input", { type: "text", className: "vTextField", maxLength: 500 })
    const credit = el("input", { type: "text", className: "vTextField", maxLength: 200 })
    const error = el("div", { className: "photo-chooser__error", role: "alert" })
    const remove = el("button", { type: "button", className: "photo-chooser__remove", textContent: gettext("Buang") })
    const row = el("li", { className: "photo-chooser__upload" }, [
      preview,
      el("div", { className: "photo-chooser__upload-fields" }, [
        el("p", { className: "photo-chooser__filename", textContent: file.name }),
        error,
        field(gettext("Teks alternatif (wajib)"), alt, gettext("Apa yang terlihat di foto, untuk pembaca tunanetra.")),
        field(gettext("Keterangan"), caption),
        field(gettext("Kredit"), credit, gettext('Misalnya "Dok: Paragon Pictures".')),
      ]),
      remove,
    ])
    const item = { file, row, alt, caption, credit, error }
    remove.addEventListener("click", () => {
      pending.splice(pending.indexOf(item), 1)
      row.remove()
      submit.hidden = pending.length === 0
    })
    list.append(row)
    return item
  }

  async function uploadAll() {
    // Checked here rather than by the browser, whose own message speaks the browser's language.
    const untitled = pending.filter((item) => !item.alt.value.trim())
    for (const item of untitled) {
      item.error.replaceChildren(
        el("p", { textContent: gettext("Isi teks alternatif: apa yang terlihat di foto, untuk pembaca tunanetra.") }),
      )
    }
    if (untitled.length) {
      untitled[0].alt.focus()
      return
    }
    submit.disabled = true
    const uploaded = []
    for (const item of [...pending]) {
      item.error.replaceChildren()
      status.textContent = interpolate(gettext("Mengunggah %s…"), [item.file.name])
      const form = new FormData()
      form.append("image", item.file)
      form.append("alt_text", item.alt.value)
      form.append("caption", item.caption.value)
      form.append("credit", item.credit.value)
      const { ok, data } = await requestJSON(uploadUrl, { method: "POST", body: form })
      if (ok) {
        uploaded.push(data.photo)
        pending.splice(pending.indexOf(item), 1)
        item.row.remove()
      } else {
        const messages = Object.values(data.errors || {}).flat()
        item.error.replaceChildren(
          ...(messages.length ? messages : [data.message]).map((text) => el("p", { textContent: text })),
        )
      }
    }
    submit.disabled = false
    submit.hidden = pending.length === 0
    deliver(uploaded)
    if (!pending.length) {
      close()
      return
    }
    status.textContent = uploaded.length
      ? interpolate(
          ngettext(
            "%s foto terunggah. Foto yang ditolak masih di sini: perbaiki, lalu unggah lagi.",
            "%s foto terunggah. Foto yang ditolak masih di sini: perbaiki, lalu unggah lagi.",
            uploaded.length,
          ),
          [uploaded.length],
        )
      : gettext("Foto ditolak. Perbaiki, lalu unggah lagi.")
  }

  input.addEventListener("change", () => {
    add(input.files)
    input.value = ""
  })
  for (const name of ["dragenter", "dragover"]) {
    panel.addEventListener(name, (event) => {
      event.preventDefault()
      dropzone.classList.add("photo-chooser__dropzone--over")
    })
  }
  panel.addEventListener("dragleave", () => dropzone.classList.remove("photo-chooser__dropzone--over"))
  panel.addEventListener("drop", (event) => {
    event.preventDefault()
    dropzone.classList.remove("photo-chooser__dropzone--over")
    add(event.dataTransfer.files)
  })
  submit.addEventListener("click", uploadAll)
  return { add }
}

/** Edit a placed figure's caption and credit (empty means the photo's own). Resolves to the values or null. */
export function editFigureDialog({ photo, caption, credit }) {
  const { dialog, body, closed } = modal(gettext("Ubah foto dalam artikel"), "photo-chooser--edit")
  const captionInput = el("input", {
    type: "text",
    className: "vTextField",
    maxLength: 500,
    value: caption,
    placeholder: photo.caption,
  })
  const creditInput = el("input", {
    type: "text",
    className: "vTextField",
    maxLength: 200,
    value: credit,
    placeholder: photo.credit,
  })
  const save = el("button", { type: "button", className: "button default", textContent: gettext("Simpan") })
  const cancel = el("button", { type: "button", className: "button", textContent: gettext("Batal") })
  body.append(
    el("div", { className: "photo-chooser__chosen" }, [
      thumbnail(photo),
      el("p", {}, [el("strong", { textContent: gettext("Teks alternatif: ") }), photo.alt || "—"]),
    ]),
    field(gettext("Keterangan"), captionInput, gettext("Kosongkan untuk memakai keterangan foto.")),
    field(gettext("Kredit"), creditInput, gettext("Kosongkan untuk memakai kredit foto.")),
    el("div", { className: "photo-chooser__buttons" }, [save, cancel]),
  )
  let result = null
  save.addEventListener("click", () => {
    result = { caption: captionInput.value.trim(), credit: creditInput.value.trim() }
    dialog.close()
  })
  cancel.addEventListener("click", () => dialog.close())
  dialog.showModal()
  return closed.then(() => result)
}
