/**
 * HtmlService: HTML outputs (what a sidebar or dialog shows) and templates.
 *
 * Templates follow Apps Script's scriptlets: `<? code ?>` runs, `<?= expr ?>` prints HTML-escaped
 * (& < > " '), `<?!= expr ?>` prints raw; null and undefined print nothing. Template code runs in
 * the script's own global scope (so it can call the bundle's functions, e.g. an `include` helper)
 * with the properties assigned to the template, and `output.append(html)` /
 * `output.appendUntrusted(text)`, in scope. The escaping is HTML escaping everywhere, simpler
 * than Apps Script's context-aware escaping inside <script> and attributes.
 */
import { AppsScriptException } from '../exception';
import type { EmulatorRuntime } from '../runtime';
import { enumName, enumOf, type ServiceContext } from './service-context';

/** The bundle's HTML file `name` ("Sidebar" for Sidebar.html), or null when there is none. */
export type HtmlFileReader = (name: string) => string | null;

export const SandboxMode = enumOf(['EMULATED', 'IFRAME', 'NATIVE'] as const);
export const XFrameOptionsMode = enumOf(['ALLOWALL', 'DEFAULT'] as const);

function printable(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export class HtmlOutputFake {
  private content: string;
  private title = '';
  private width = 600;
  private height = 400;
  private sandboxMode = 'IFRAME';
  private xFrameOptionsMode = 'DEFAULT';
  private readonly metaTags: { name: string; content: string }[] = [];

  constructor(
    private readonly context: ServiceContext,
    content: string,
  ) {
    this.content = content;
  }

  private call<T>(method: string, body: () => T): T {
    return this.context.call(`HtmlOutput.${method}`, 'read', [], body);
  }

  getContent(): string {
    return this.call('getContent', () => this.content);
  }

  setContent(content: unknown): HtmlOutputFake {
    return this.call('setContent', () => {
      this.content = printable(content);
      return this;
    });
  }

  append(addedContent: unknown): HtmlOutputFake {
    return this.call('append', () => {
      this.content += printable(addedContent);
      return this;
    });
  }

  appendUntrusted(addedContent: unknown): HtmlOutputFake {
    return this.call('appendUntrusted', () => {
      this.content += escapeHtml(printable(addedContent));
      return this;
    });
  }

  clear(): HtmlOutputFake {
    return this.call('clear', () => {
      this.content = '';
      return this;
    });
  }

  getTitle(): string {
    return this.call('getTitle', () => this.title);
  }

  setTitle(title: unknown): HtmlOutputFake {
    return this.call('setTitle', () => {
      this.title = printable(title);
      return this;
    });
  }

  getWidth(): number {
    return this.call('getWidth', () => this.width);
  }

  setWidth(width: unknown): HtmlOutputFake {
    return this.call('setWidth', () => {
      this.width = Number(width);
      return this;
    });
  }

  getHeight(): number {
    return this.call('getHeight', () => this.height);
  }

  setHeight(height: unknown): HtmlOutputFake {
    return this.call('setHeight', () => {
      this.height = Number(height);
      return this;
    });
  }

  setSandboxMode(mode: unknown): HtmlOutputFake {
    return this.call('setSandboxMode', () => {
      this.sandboxMode = enumName(mode) ?? this.sandboxMode;
      return this;
    });
  }

  setXFrameOptionsMode(mode: unknown): HtmlOutputFake {
    return this.call('setXFrameOptionsMode', () => {
      this.xFrameOptionsMode = enumName(mode) ?? this.xFrameOptionsMode;
      return this;
    });
  }

  addMetaTag(name: unknown, content: unknown): HtmlOutputFake {
    return this.call('addMetaTag', () => {
      this.metaTags.push({ name: printable(name), content: printable(content) });
      return this;
    });
  }

  /** What a shown sidebar or dialog records (read host-side, without counting calls). */
  snapshot(): { html: string; title: string; width: number; height: number; sandboxMode: string; xFrameOptionsMode: string; metaTags: { name: string; content: string }[] } {
    return {
      html: this.content,
      title: this.title,
      width: this.width,
      height: this.height,
      sandboxMode: this.sandboxMode,
      xFrameOptionsMode: this.xFrameOptionsMode,
      metaTags: [...this.metaTags],
    };
  }
}

type TemplateFunction = (scope: object, print: { raw(value: unknown): void; escaped(value: unknown): void }) => void;

/** Turns template source into the body of a function of (scope, print). */
export function compileTemplate(source: string): string {
  const lines: string[] = ['with (__scope) {'];
  const scriptlet = /<\?(!=|=)?([\s\S]*?)\?>/g;
  let last = 0;
  for (let match = scriptlet.exec(source); match; match = scriptlet.exec(source)) {
    if (match.index > last) lines.push(`__print.raw(${JSON.stringify(source.slice(last, match.index))});`);
    const code = match[2] as string;
    if (match[1] === '=') lines.push(`__print.escaped((${code}));`);
    else if (match[1] === '!=') lines.push(`__print.raw((${code}));`);
    else lines.push(code);
    last = match.index + match[0].length;
  }
  if (last < source.length) lines.push(`__print.raw(${JSON.stringify(source.slice(last))});`);
  lines.push('}');
  return lines.join('\n');
}

/**
 * The script realm's Function constructor, reached through an object copied into that realm:
 * template code compiled with it resolves free names among the script's globals.
 */
function scriptFunctionConstructor(runtime: EmulatorRuntime): FunctionConstructor {
  const probe = runtime.intoScript({}) as { constructor: { constructor: FunctionConstructor } };
  return probe.constructor.constructor;
}

/**
 * An HtmlTemplate. The script assigns template variables as properties (`template.invoices = ...`),
 * so the object's own properties are exactly those: its state is kept in private fields.
 */
export class HtmlTemplateFake {
  /** Template variables the script assigns. */
  [variable: string]: unknown;
  readonly #context: ServiceContext;
  readonly #source: string;

  constructor(context: ServiceContext, source: string) {
    this.#context = context;
    this.#source = source;
  }

  getRawContent(): string {
    return this.#context.call('HtmlTemplate.getRawContent', 'read', [], () => this.#source);
  }

  getCode(): string {
    return this.#context.call('HtmlTemplate.getCode', 'read', [], () => compileTemplate(this.#source));
  }

  evaluate(): HtmlOutputFake {
    return this.#context.call('HtmlTemplate.evaluate', 'read', [], () => {
      const parts: string[] = [];
      const print = { raw: (value: unknown) => parts.push(printable(value)), escaped: (value: unknown) => parts.push(escapeHtml(printable(value))) };
      const output = {
        append: (html: unknown) => print.raw(html),
        appendUntrusted: (text: unknown) => print.escaped(text),
      };
      const ScriptFunction = scriptFunctionConstructor(this.#context.runtime);
      const run = new ScriptFunction('__scope', '__print', compileTemplate(this.#source)) as TemplateFunction;
      run({ ...this, output }, print);
      return new HtmlOutputFake(this.#context, parts.join(''));
    });
  }
}

export class HtmlServiceFake {
  readonly SandboxMode = SandboxMode;
  readonly XFrameOptionsMode = XFrameOptionsMode;

  constructor(
    private readonly context: ServiceContext,
    private readonly readFile: HtmlFileReader,
  ) {}

  private file(name: unknown): string {
    const base = printable(name).replace(/\.html$/, '');
    const content = this.readFile(base);
    if (content === null) throw new AppsScriptException(`No HTML file named ${base} was found.`);
    return content;
  }

  createHtmlOutput(html: unknown = ''): HtmlOutputFake {
    return this.context.call('HtmlService.createHtmlOutput', 'read', [], () => new HtmlOutputFake(this.context, printable(html)));
  }

  createHtmlOutputFromFile(filename: unknown): HtmlOutputFake {
    return this.context.call('HtmlService.createHtmlOutputFromFile', 'read', [], () => new HtmlOutputFake(this.context, this.file(filename)));
  }

  createTemplate(html: unknown): HtmlTemplateFake {
    return this.context.call('HtmlService.createTemplate', 'read', [], () => new HtmlTemplateFake(this.context, printable(html)));
  }

  createTemplateFromFile(filename: unknown): HtmlTemplateFake {
    return this.context.call('HtmlService.createTemplateFromFile', 'read', [], () => new HtmlTemplateFake(this.context, this.file(filename)));
  }
}
