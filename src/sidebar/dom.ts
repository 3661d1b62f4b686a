
/**
 * Building the page from data. Every string becomes a Text node or an attribute value: nothing
 * from the API or the user is ever parsed as HTML (no innerHTML anywhere in the sidebar).
 */
export type Child = Node | string | null | undefined | false;

export interface ElementProps {
  className?: string;
  id?: string;
  /** Attributes set with setAttribute (values are text). */
  attrs?: Record<string, string>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.id) element.id = props.id;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces an element's content with the given children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/** Wraps each `word` in the element's text in a span that never breaks across lines (a masked key such as "••••-key"). */
export function keepWhole(element: HTMLElement, word: string): void {
  const text = element.textContent ?? '';
  if (word === '' || !text.includes(word)) return;
  const parts = text.split(word);
  replaceChildren(element, ...parts.flatMap((part, index) => (index === 0 ? [part] : [h('span', { className: 'nowrap' }, word), part])));
}

/** The element with this id, of the expected kind: the page's markup is the contract. */
export function byId<T extends HTMLElement>(id: string, kind: { new (): T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`The sidebar page has no ${kind.name} #${id}.`);
  return element;
}

/** Shows a message in a role="alert" region (empty text hides it through CSS). */
export function showMessage(region: HTMLElement, text: string): void {
  region.textContent = text;
}

/** Fills a select with options; the value is kept when still offered. */
export function setOptions(select: HTMLSelectElement, options: ReadonlyArray<{ value: string; label: string }>): void {
  const previous = select.value;
  replaceChildren(select, ...options.map((option) => h('option', { attrs: { value: option.value } }, option.label)));
  if (options.some((option) => option.value === previous)) select.value = previous;
}

/**
 * Runs an action with its buttons disabled and a busy line, so a double click never sends twice
 * and the user sees that something is happening.
 */
export async function whileBusy<T>(controls: readonly HTMLButtonElement[], busyLine: HTMLElement, text: string, action: () => Promise<T>): Promise<T> {
  const focused = document.activeElement;
  for (const control of controls) control.disabled = true;
  busyLine.textContent = text;
  try {
    return await action();
  } finally {
    for (const control of controls) control.disabled = false;
    busyLine.textContent = '';
    // Disabling the focused button drops focus to the body; a keyboard user gets it back.
    if (focused instanceof HTMLElement && (document.activeElement === document.body || document.activeElement === null)) focused.focus();
  }
}
