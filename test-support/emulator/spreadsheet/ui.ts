/**
 * SpreadsheetApp.getUi(): menus, alerts, prompts, sidebars and dialogs, recorded in `UiState` so
 * tests can read the menu, "click" an item, answer dialogs and read what a sidebar shows.
 *
 * Dialogs are answered by scripted responses the test queues, in order. An alert with only an OK
 * button answers OK when nothing is queued; any other alert or prompt without a queued response
 * fails the execution (a test must say what the user does).
 */
import { AppsScriptException } from '../exception';
import { HtmlOutputFake } from './html-service';
import { enumOf, EnumValue, SCOPES, type ServiceContext } from './service-context';

export type ButtonName = 'OK' | 'CANCEL' | 'YES' | 'NO' | 'CLOSE';
export type ButtonSetName = 'OK' | 'OK_CANCEL' | 'YES_NO' | 'YES_NO_CANCEL';

export const Button = enumOf(['OK', 'CANCEL', 'YES', 'NO', 'CLOSE'] as const);
export const ButtonSet = enumOf(['OK', 'OK_CANCEL', 'YES_NO', 'YES_NO_CANCEL'] as const);

const BUTTONS_OF: Record<ButtonSetName, readonly ButtonName[]> = {
  OK: ['OK'],
  OK_CANCEL: ['OK', 'CANCEL'],
  YES_NO: ['YES', 'NO'],
  YES_NO_CANCEL: ['YES', 'NO', 'CANCEL'],
};

export type MenuEntry = { kind: 'item'; caption: string; functionName: string } | { kind: 'separator' } | { kind: 'submenu'; menu: RecordedMenu };

export interface RecordedMenu {
  title: string;
  /** True for createAddonMenu() (shown under Extensions). */
  addon: boolean;
  entries: MenuEntry[];
}

export interface DialogRecord {
  kind: 'alert' | 'prompt';
  title: string;
  prompt: string;
  buttons: ButtonSetName;
  button: ButtonName;
  /** The text typed into a prompt. */
  text?: string;
}

export interface ShownHtml {
  kind: 'sidebar' | 'modal' | 'modeless';
  title: string;
  html: string;
  width: number;
  height: number;
}

/** Everything the Ui showed, and the responses queued for dialogs still to come. */
export class UiState {
  readonly menus: RecordedMenu[] = [];
  readonly dialogs: DialogRecord[] = [];
  readonly shown: ShownHtml[] = [];
  private readonly responses: { button: ButtonName; text: string }[] = [];

  /** `addonMenuTitle`: the add-on's name, the title of its menu under Extensions. */
  constructor(readonly addonMenuTitle = 'Add-on') {}

  /** The user's answer to the next alert or prompt. */
  respond(button: ButtonName, text = ''): void {
    this.responses.push({ button, text });
  }

  /** The sidebar shown last, or null. */
  get sidebar(): ShownHtml | null {
    return [...this.shown].reverse().find((shown) => shown.kind === 'sidebar') ?? null;
  }

  /** The menu item with this caption (unique across menus and sub-menus). */
  menuItem(caption: string): { caption: string; functionName: string } {
    const found: { caption: string; functionName: string }[] = [];
    const visit = (entries: readonly MenuEntry[]): void => {
      for (const entry of entries) {
        if (entry.kind === 'item' && entry.caption === caption) found.push(entry);
        if (entry.kind === 'submenu') visit(entry.menu.entries);
      }
    };
    for (const menu of this.menus) visit(menu.entries);
    if (found.length !== 1) throw new Error(`${found.length === 0 ? 'No' : 'More than one'} menu item captioned "${caption}".`);
    return found[0] as { caption: string; functionName: string };
  }

  /** Records a menu, replacing an earlier one of the same kind and title (as reopening the document does). */
  addMenu(menu: RecordedMenu): void {
    const index = this.menus.findIndex((existing) => existing.addon === menu.addon && existing.title === menu.title);
    if (index >= 0) this.menus.splice(index, 1, menu);
    else this.menus.push(menu);
  }

  /** The scripted answer to a dialog offering `buttons`. */
  answer(kind: 'alert' | 'prompt', buttons: ButtonSetName): { button: ButtonName; text: string } {
    const offered = [...BUTTONS_OF[buttons], 'CLOSE'];
    const response = this.responses.shift();
    if (!response) {
      if (kind === 'alert' && buttons === 'OK') return { button: 'OK', text: '' };
      throw new Error(`The test queued no response for this ${kind} (buttons ${buttons}): call ui.respond(...) first.`);
    }
    if (!offered.includes(response.button)) throw new Error(`The queued response ${response.button} is not a button of ${buttons}.`);
    return response;
  }
}

export class MenuFake {
  private readonly entries: MenuEntry[] = [];

  constructor(
    private readonly context: ServiceContext,
    private readonly state: UiState,
    private readonly title: string,
    private readonly addon: boolean,
  ) {}

  private call(method: string, body: () => void): MenuFake {
    return this.context.call(`Menu.${method}`, 'write', SCOPES.containerUi, () => {
      body();
      return this;
    });
  }

  addItem(caption: unknown, functionName: unknown): MenuFake {
    return this.call('addItem', () => {
      if (typeof caption !== 'string' || typeof functionName !== 'string') throw new AppsScriptException('Invalid argument: addItem needs a caption and a function name.');
      this.entries.push({ kind: 'item', caption, functionName });
    });
  }

  addSeparator(): MenuFake {
    return this.call('addSeparator', () => this.entries.push({ kind: 'separator' }));
  }

  addSubMenu(menu: unknown): MenuFake {
    return this.call('addSubMenu', () => {
      if (!(menu instanceof MenuFake)) throw new AppsScriptException('Invalid argument: menu');
      this.entries.push({ kind: 'submenu', menu: menu.recorded() });
    });
  }

  addToUi(): void {
    this.call('addToUi', () => this.state.addMenu(this.recorded()));
  }

  private recorded(): RecordedMenu {
    return { title: this.title, addon: this.addon, entries: [...this.entries] };
  }
}

export class PromptResponseFake {
  constructor(
    private readonly button: ButtonName,
    private readonly text: string,
  ) {}

  getSelectedButton(): unknown {
    return Button[this.button];
  }

  getResponseText(): string {
    return this.text;
  }
}

/** Parses alert/prompt overloads: (prompt), (prompt, buttons), (title, prompt, buttons). */
function dialogArguments(args: readonly unknown[]): { title: string; prompt: string; buttons: ButtonSetName } {
  const last = args[args.length - 1];
  const buttons = args.length > 1 && last instanceof EnumValue && Object.hasOwn(BUTTONS_OF, last.name) ? (last.name as ButtonSetName) : null;
  const texts = buttons ? args.slice(0, -1) : args;
  if (texts.length < 1 || texts.length > 2 || !texts.every((text) => typeof text === 'string')) {
    throw new AppsScriptException('Invalid argument: a dialog takes (prompt), (prompt, buttons) or (title, prompt, buttons).');
  }
  const [title, prompt] = texts.length === 2 ? (texts as [string, string]) : ['', texts[0] as string];
  return { title, prompt, buttons: buttons ?? 'OK' };
}

export class UiFake {
  readonly Button = Button;
  readonly ButtonSet = ButtonSet;

  constructor(
    private readonly context: ServiceContext,
    private readonly state: UiState,
  ) {}

  private call<T>(method: string, body: () => T): T {
    return this.context.call(`Ui.${method}`, 'write', SCOPES.containerUi, body);
  }

  createMenu(caption: unknown): MenuFake {
    return this.call('createMenu', () => new MenuFake(this.context, this.state, String(caption), false));
  }

  createAddonMenu(): MenuFake {
    return this.call('createAddonMenu', () => new MenuFake(this.context, this.state, this.state.addonMenuTitle, true));
  }

  alert(...args: unknown[]): unknown {
    return this.call('alert', () => {
      const dialog = dialogArguments(args);
      const { button } = this.state.answer('alert', dialog.buttons);
      this.state.dialogs.push({ kind: 'alert', ...dialog, button });
      return Button[button];
    });
  }

  prompt(...args: unknown[]): PromptResponseFake {
    return this.call('prompt', () => {
      const dialog = dialogArguments(args);
      const { button, text } = this.state.answer('prompt', dialog.buttons);
      this.state.dialogs.push({ kind: 'prompt', ...dialog, button, text });
      return new PromptResponseFake(button, text);
    });
  }

  showSidebar(userInterface: unknown): void {
    this.call('showSidebar', () => this.show('sidebar', userInterface, null));
  }

  showModalDialog(userInterface: unknown, title: unknown): void {
    this.call('showModalDialog', () => this.show('modal', userInterface, title));
  }

  showModelessDialog(userInterface: unknown, title: unknown): void {
    this.call('showModelessDialog', () => this.show('modeless', userInterface, title));
  }

  private show(kind: ShownHtml['kind'], userInterface: unknown, title: unknown): void {
    if (!(userInterface instanceof HtmlOutputFake)) throw new AppsScriptException('Invalid argument: userInterface (expected an HtmlOutput).');
    const output = userInterface.snapshot();
    this.state.shown.push({
      kind,
      title: title === null ? output.title : String(title),
      html: output.html,
      // Sheets' sidebars are always 300 pixels wide.
      width: kind === 'sidebar' ? 300 : output.width,
      height: output.height,
    });
  }
}
