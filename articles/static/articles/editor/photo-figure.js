// Photos in the article body editor: a toolbar button opens the chooser (pick or upload), and each
// photo shows in the text as itself, with its caption and credit, to be edited, moved or removed.
//
// Stored, a photo is still the placeholder paragraph "[foto N]" with N the Figure row's stable
// key. The editor writes it with the figure's data, <p data-figure-photo="12"
// data-figure-caption="…" data-figure-credit="…">[foto 3]</p>; on save the admin creates,
// updates and deletes Figure rows from those paragraphs (articles/figures.py) and the sanitiser
// keeps only "[foto 3]". A body saved with bare codes opens with its photos from the figures the
// server lists in #body-figures-data (the Figure inline's template).
import { Node, Plugin, crel, gettext } from "django-prose-editor/editor"
import { editFigureDialog, openPhotoChooser, photoLabel } from "pophariini/photo-chooser"

const PLACEHOLDER = /^\s*\[foto\s+(\d{1,5})\]\s*$/i
const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"]

const positive = (value) => {
  const number = Number.parseInt(value, 10)
  return Number.isFinite(number) && number > 0 ? number : null
}

// What the server knows about this article's figures and their photos.
let known = null
function serverData() {
  if (!known) {
    const script = document.getElementById("body-figures-data")
    const data = script ? JSON.parse(script.textContent) : {}
    known = {
      figures: data.figures || {},
      photos: data.photos || {},
      unplaced: data.unplaced || [],
      urls: data.urls || {},
      highestKey: Math.max(0, ...Object.keys(data.figures || {}).map(Number)),
    }
  }
  return known
}

const keyOf = (element) => positive(PLACEHOLDER.exec(element.textContent)?.[1])
const savedFigure = (element) => serverData().figures[keyOf(element)] || {}
const fromElement = (element, name, fallback) =>
  element.hasAttribute(`data-figure-${name}`) ? element.getAttribute(`data-figure-${name}`) : fallback

function figureKeys(doc) {
  const keys = []
  doc.descendants((node) => {
    if (node.type.name === "photoFigure") keys.push(node.attrs.key)
    return node.type.name !== "photoFigure"
  })
  return keys
}

function nextKey(doc, taken = []) {
  const data = serverData()
  const key = Math.max(data.highestKey, 0, ...figureKeys(doc).filter(Boolean), ...taken) + 1
  data.highestKey = key
  return key
}

// A figure keeps its own caption or credit only where it differs from the photo's.
const override = (value, photoValue) => (value && value !== photoValue ? value : "")

export const PhotoFigure = Node.create({
  name: "photoFigure",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      key: { default: null, rendered: false, parseHTML: keyOf },
      photo: {
        default: null,
        rendered: false,
        parseHTML: (element) => positive(fromElement(element, "photo", savedFigure(element).photo)),
      },
      caption: {
        default: "",
        rendered: false,
        parseHTML: (element) => fromElement(element, "caption", savedFigure(element).caption || ""),
      },
      credit: {
        default: "",
        rendered: false,
        parseHTML: (element) => fromElement(element, "credit", savedFigure(element).credit || ""),
      },
    }
  },

  parseHTML() {
    // Before the paragraph's own rule: a paragraph that is only a code is a photo.
    return [
      {
        tag: "p",
        priority: 60,
        getAttrs: (element) => (!element.querySelector("*") && keyOf(element) ? null : false),
      },
    ]
  },

  renderHTML({ node }) {
    const { key, photo, caption, credit } = node.attrs
    const data = photo
      ? { "data-figure-photo": photo, "data-figure-caption": caption, "data-figure-credit": credit }
      : {}
    return ["p", data, `[foto ${key}]`]
  },

  addNodeView() {
    return ({ node, editor, getPos }) => {
      const dom = crel("figure", { className: "body-figure", draggable: true })
      dom.contentEditable = "false"
      let current = node

      const update = (attrs) => {
        const pos = getPos()
        editor.chain().command(({ tr }) => {
          tr.setNodeMarkup(pos, undefined, { ...current.attrs, ...attrs })
          return true
        }).setNodeSelection(pos).run()
      }
      const move = (step) => {
        const pos = getPos()
        const $pos = editor.state.doc.resolve(pos)
        const index = $pos.index()
        const sibling = $pos.parent.maybeChild(index + step)
        if (!sibling) return
        const target = step < 0 ? pos - sibling.nodeSize : pos + sibling.nodeSize
        editor
          .chain()
          .command(({ tr }) => {
            tr.delete(pos, pos + current.nodeSize).insert(target, current)
            return true
          })
          .setNodeSelection(target)
          .scrollIntoView()
          .run()
      }
      const actions = {
        edit: () => {
          const photo = serverData().photos[current.attrs.photo]
          if (!photo) return
          editFigureDialog({ photo, caption: current.attrs.caption, credit: current.attrs.credit }).then(
            (values) => values && update({ caption: override(values.caption, photo.caption), credit: override(values.credit, photo.credit) }),
          )
        },
        replace: () => {
          const { urls, photos } = serverData()
          openPhotoChooser({
            listUrl: urls.list,
            uploadUrl: urls.upload,
            figure: true,
            onChoose: ([photo]) => {
              photos[photo.id] = photo
              update({
                photo: photo.id,
                caption: override(photo.figureCaption, photo.caption),
                credit: override(photo.figureCredit, photo.credit),
              })
            },
          })
        },
        up: () => move(-1),
        down: () => move(1),
        remove: () => {
          const pos = getPos()
          editor.chain().focus().deleteRange({ from: pos, to: pos + current.nodeSize }).run()
        },
      }
      const button = (action, label) => {
        const element = crel("button", { type: "button", textContent: label, className: "button" })
        element.dataset.figureAction = action
        element.addEventListener("click", (event) => {
          event.preventDefault()
          actions[action]()
        })
        return element
      }

      const render = () => {
        const { photo: photoId, caption, credit, key } = current.attrs
        const photo = serverData().photos[photoId]
        dom.dataset.key = key
        dom.replaceChildren()
        if (photo) {
          dom.append(
            photo.thumb
              ? crel("img", { src: photo.thumb, alt: photo.alt || "" })
              : crel("div", { className: "body-figure__missing", textContent: gettext("Berkas foto tidak ada.") }),
            crel("figcaption", {}, [
              crel("span", { className: "caption", textContent: caption || photo.caption }),
              crel("span", { className: "credit", textContent: credit || photo.credit }),
            ]),
          )
        } else {
          dom.append(
            crel("div", {
              className: "body-figure__missing",
              textContent: gettext("Foto untuk tempat ini tidak ditemukan. Pilih foto atau hapus tempat ini."),
            }),
          )
        }
        dom.setAttribute("aria-label", photo ? photoLabel(photo) : gettext("Foto tidak ditemukan"))
        if (!editor.isEditable) return
        dom.append(
          crel("div", { className: "body-figure__actions" }, [
            photo ? button("edit", gettext("Ubah keterangan")) : null,
            button("replace", photo ? gettext("Ganti foto") : gettext("Pilih foto")),
            button("up", gettext("↑ Naikkan")),
            button("down", gettext("↓ Turunkan")),
            button("remove", gettext("Hapus foto")),
          ].filter(Boolean)),
        )
      }
      render()

      return {
        dom,
        update(updated) {
          if (updated.type !== current.type) return false
          current = updated
          render()
          return true
        },
        stopEvent: (event) => !!event.target.closest?.("button"),
        ignoreMutation: () => true,
      }
    }
  },

  addCommands() {
    return {
      insertPhotos:
        (photos) =>
        ({ editor, chain }) => {
          const data = serverData()
          const taken = []
          const nodes = photos.map((photo) => {
            data.photos[photo.id] = photo
            const key = nextKey(editor.state.doc, taken)
            taken.push(key)
            return {
              type: this.name,
              attrs: {
                key,
                photo: photo.id,
                caption: override(photo.figureCaption, photo.caption),
                credit: override(photo.figureCredit, photo.credit),
              },
            }
          })
          // A selected node (say, the photo just inserted) is kept: the new ones go after it.
          const { selection } = editor.state
          if (selection.node) return chain().focus().insertContentAt(selection.to, nodes).run()
          return chain().focus().insertContent(nodes).run()
        },
      choosePhotos:
        (files = []) =>
        ({ editor }) => {
          const { urls } = serverData()
          openPhotoChooser({
            listUrl: urls.list,
            uploadUrl: urls.upload,
            multiple: true,
            figure: true,
            files,
            onChoose: (photos) => editor.commands.insertPhotos(photos),
          })
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "photoFigure",
      groups: "nodes",
      command(editor) {
        editor.commands.choosePhotos()
      },
      enabled: (editor) => editor.isEditable,
      button: buttons.material("add_photo_alternate", gettext("Sisipkan foto")),
    })
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    const imagesIn = (transfer) =>
      Array.from(transfer?.files || []).filter((file) => IMAGE_TYPES.includes(file.type))
    return [
      new Plugin({
        // A pasted or duplicated photo gets a key of its own, so each figure stays one row.
        appendTransaction(transactions, _oldState, state) {
          if (!transactions.some((tr) => tr.docChanged)) return null
          const seen = new Set()
          let tr = null
          state.doc.descendants((node, pos) => {
            if (node.type.name !== "photoFigure") return true
            if (!node.attrs.key || seen.has(node.attrs.key)) {
              tr = tr || state.tr
              const key = nextKey(tr.doc, [...seen])
              tr.setNodeMarkup(pos, undefined, { ...node.attrs, key })
              seen.add(key)
            } else {
              seen.add(node.attrs.key)
            }
            return false
          })
          return tr
        },
        props: {
          // Photo files dropped or pasted into the text open the upload, to land where they were dropped.
          handleDrop(view, event, _slice, moved) {
            const files = imagesIn(event.dataTransfer)
            if (moved || !files.length || !editor.isEditable) return false
            event.preventDefault()
            const at = view.posAtCoords({ left: event.clientX, top: event.clientY })
            if (at) editor.commands.setTextSelection(at.pos)
            editor.commands.choosePhotos(files)
            return true
          },
          handlePaste(_view, event) {
            const files = imagesIn(event.clipboardData)
            if (!files.length || !editor.isEditable) return false
            editor.commands.choosePhotos(files)
            return true
          },
        },
      }),
    ]
  },

  onCreate() {
    const flag = document.getElementById("body-figures-editor")
    if (flag) flag.value = "1"
    // Figures attached but never placed follow the text on the page; show them there too.
    const placed = new Set(figureKeys(this.editor.state.doc))
    const missing = serverData().unplaced.filter((key) => !placed.has(key))
    if (!missing.length) return
    const nodes = missing.map((key) => ({
      type: this.name,
      attrs: { key, ...serverData().figures[key] },
    }))
    this.editor.commands.insertContentAt(this.editor.state.doc.content.size, nodes)
  },
})
