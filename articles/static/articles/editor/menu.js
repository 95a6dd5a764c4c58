// The body editor's toolbar in the admin's language. django-prose-editor's dialogs already go
// through Django's JavaScript catalogue (the admin's jsi18n), but its toolbar tooltips and
// dropdown labels are fixed English words; this Menu passes them through the same catalogue.
// Their translations live in locale_thirdparty/ with the package's other strings.
import { Menu as BaseMenu, gettext } from "django-prose-editor/editor"

const interpolate = window.interpolate || ((text, values) => text.replace(/%s/g, () => values.shift()))

export function translate(text) {
  if (!text) return text
  const heading = /^(heading) (\d)$/i.exec(text)
  if (heading) {
    const msgid = heading[1] === "Heading" ? "Heading %s" : "heading %s"
    return interpolate(gettext(msgid), [heading[2]])
  }
  return gettext(text)
}

export const Menu = BaseMenu.extend({
  addStorage() {
    const storage = this.parent?.()
    const { buttons, menu } = storage
    const titled =
      (make) =>
      (content, title = "", ...rest) =>
        make(content, translate(title), ...rest)
    storage.buttons = {
      ...buttons,
      text: (content, title = "", ...rest) => buttons.text(translate(content), translate(title), ...rest),
      material: titled(buttons.material),
      svg: titled(buttons.svg),
      heading(level) {
        const button = buttons.heading(level)
        button.title = translate(button.title)
        button.setAttribute("aria-label", button.title)
        return button
      },
    }
    const defineItem = menu.defineItem.bind(menu)
    menu.defineItem = (item) => {
      const option = item.option
      if (option && !option.children.length && option.textContent) {
        option.textContent = translate(option.textContent)
      }
      defineItem(item)
    }
    return storage
  },
})
