import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { htmlFilesIn } from '../../../test-support/emulator/spreadsheet';
import { harness } from './stub-runtime';

describe('HtmlService', () => {
  const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'html-service-'));
  fs.writeFileSync(path.join(bundleDir, 'Sidebar.html'), '<h1><?= title ?></h1><div><?!= body ?></div><? for (const item of items) { ?><li><?= item ?></li><? } ?>');
  fs.writeFileSync(path.join(bundleDir, 'Styles.html'), '<style>b{}</style>');
  fs.writeFileSync(path.join(bundleDir, 'Page.html'), '<?!= include("Styles") ?><? output.appendUntrusted(note) ?><?= nothing ?>');

  function service() {
    return harness(
      ({ HtmlService }) => ({
        include: (name: string) => HtmlService.createHtmlOutputFromFile(name).getContent(),
      }),
      { htmlFiles: htmlFilesIn(bundleDir) },
    );
  }

  it('reads HTML files of the bundle', () => {
    const { globals } = service();
    expect(globals.HtmlService.createHtmlOutputFromFile('Styles').getContent()).toBe('<style>b{}</style>');
    expect(globals.HtmlService.createHtmlOutputFromFile('Styles.html').getContent()).toBe('<style>b{}</style>');
    expect(() => globals.HtmlService.createHtmlOutputFromFile('Nope')).toThrow('No HTML file named Nope was found.');
  });

  it('evaluates templates: <?= ?> escaped, <?!= ?> raw, <? ?> code', () => {
    const { globals } = service();
    const template = globals.HtmlService.createTemplateFromFile('Sidebar');
    template.title = '<script>alert("x")</script> & \'co\'';
    template.body = '<b>bold</b>';
    template.items = ['a<b', 'c'];
    expect(template.evaluate().getContent()).toBe(
      '<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</h1><div><b>bold</b></div><li>a&lt;b</li><li>c</li>',
    );
  });

  it('runs template code in the script realm, with output.append and template variables in scope', () => {
    const { globals, runtime } = service();
    // The script's realm: its globals include the bundle's functions.
    const realm = vm.createContext({ include: (name: string) => globals.HtmlService.createHtmlOutputFromFile(name).getContent() });
    runtime.intoScript = <T>(value: T): T => Object.assign(vm.runInContext('({})', realm) as object, value) as T;
    const template = globals.HtmlService.createTemplateFromFile('Page');
    template.note = '<i>';
    template.nothing = null;
    expect(template.evaluate().getContent()).toBe('<style>b{}</style>&lt;i&gt;');
  });

  it('builds outputs with title, size and modes', () => {
    const { globals } = service();
    const { HtmlService } = globals;
    const output = HtmlService.createHtmlOutput('<p>')
      .append('x</p>')
      .appendUntrusted('<b>')
      .setTitle('Affiliate Billing')
      .setWidth(320)
      .setHeight(200)
      .setSandboxMode(HtmlService.SandboxMode.IFRAME)
      .setXFrameOptionsMode(HtmlService.XFrameOptionsMode.ALLOWALL);
    expect([output.getContent(), output.getTitle(), output.getWidth(), output.getHeight()]).toEqual(['<p>x</p>&lt;b&gt;', 'Affiliate Billing', 320, 200]);
    expect(output.snapshot().xFrameOptionsMode).toBe('ALLOWALL');
  });
});

describe('MailApp', () => {
  it('puts mail in the outbox and counts recipients against the daily quota', () => {
    const { globals, state, clock } = harness(() => ({}), { mailDailyQuota: 3 });
    const { MailApp } = globals;
    MailApp.sendEmail('ops@example.com', 'Sync failed', 'Everflow returned 503.');
    MailApp.sendEmail({ to: 'a@example.com', cc: 'b@example.com', subject: 'Report', htmlBody: '<b>ok</b>' });
    expect(state.outbox.sent).toEqual([
      { to: 'ops@example.com', subject: 'Sync failed', body: 'Everflow returned 503.', recipients: ['ops@example.com'], sentAtMs: clock.now() },
      { to: 'a@example.com', cc: 'b@example.com', subject: 'Report', body: '', htmlBody: '<b>ok</b>', recipients: ['a@example.com', 'b@example.com'], sentAtMs: clock.now() },
    ]);
    expect(MailApp.getRemainingDailyQuota()).toBe(0);
    expect(() => MailApp.sendEmail('ops@example.com', 'Again', 'x')).toThrow('Service invoked too many times for one day: email.');
    clock.advance(24 * 3_600_000);
    expect(MailApp.getRemainingDailyQuota()).toBe(3);
  });

  it('takes options and checks addresses and arguments', () => {
    const { globals, state } = harness();
    const { MailApp } = globals;
    MailApp.sendEmail('ops@example.com', 'Subject', 'Body', { name: 'Affiliate Billing', noReply: true });
    expect(state.outbox.sent[0]).toMatchObject({ name: 'Affiliate Billing', noReply: true });
    expect(() => MailApp.sendEmail('not-an-address', 'S', 'B')).toThrow('Invalid email: not-an-address');
    expect(() => MailApp.sendEmail({ to: 'ops@example.com', subject: 'No body' })).toThrow("The parameters don't match the method signature for MailApp.sendEmail.");
    expect(MailApp.getRemainingDailyQuota()).toBe(99);
  });

  it('is refused to custom functions', () => {
    const { state } = harness(({ MailApp }) => ({ MAIL: () => MailApp.sendEmail('a@example.com', 's', 'b') }));
    const sheet = state.spreadsheet.sheet('Sheet1');
    state.spreadsheet.enter(sheet, { row: 1, column: 1, numRows: 1, numColumns: 1 }, () => ({ kind: 'formula', text: '=MAIL()' }));
    state.spreadsheet.recalculate();
    expect(sheet.valueAt(1, 1)).toMatchObject({ message: 'You do not have permission to call MailApp.sendEmail' });
    expect(state.outbox.sent).toEqual([]);
  });
});
