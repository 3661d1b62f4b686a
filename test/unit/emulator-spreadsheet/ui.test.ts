import { harness } from './stub-runtime';

describe('Ui', () => {
  function addon() {
    const clicked: string[] = [];
    return {
      clicked,
      ...harness(
        ({ SpreadsheetApp, HtmlService }) => ({
          onOpen: () => {
            const ui = SpreadsheetApp.getUi();
            ui.createAddonMenu()
              .addItem('Set API key…', 'menuSetApiKey')
              .addSeparator()
              .addSubMenu(ui.createMenu('Reports').addItem('Run now', 'menuRunNow'))
              .addToUi();
          },
          menuSetApiKey: () => {
            const ui = SpreadsheetApp.getUi();
            const answer = ui.prompt('Everflow API key', 'Paste your key', ui.ButtonSet.OK_CANCEL);
            if (answer.getSelectedButton() !== ui.Button.OK) return 'cancelled';
            ui.alert('Saved', `Key ending ${answer.getResponseText().slice(-3)}`, ui.ButtonSet.OK);
            return 'saved';
          },
          menuRunNow: () => {
            clicked.push('run now');
            SpreadsheetApp.getActiveSheet().getRange('A1').setValue('=DOUBLE(2)');
          },
          menuConfirm: () => String(SpreadsheetApp.getUi().alert('Really?', SpreadsheetApp.getUi().ButtonSet.YES_NO)),
          openSidebar: () => SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutput('<p>Hi</p>').setTitle('Affiliate Billing')),
          openDialog: () => SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutput('<p>Setup</p>').setWidth(480).setHeight(300), 'Setup'),
          DOUBLE: (value: number) => value * 2,
          UI_IN_FORMULA: () => SpreadsheetApp.getUi(),
          uiInTrigger: () => SpreadsheetApp.getUi(),
        }),
        { addonMenuTitle: 'Affiliate Billing' },
      ),
    };
  }

  it('records the menus onOpen adds, sub-menus included', () => {
    const { state } = addon();
    state.execute('onOpen', [{}]);
    expect(state.ui.menus).toEqual([
      {
        title: 'Affiliate Billing',
        addon: true,
        entries: [
          { kind: 'item', caption: 'Set API key…', functionName: 'menuSetApiKey' },
          { kind: 'separator' },
          { kind: 'submenu', menu: { title: 'Reports', addon: false, entries: [{ kind: 'item', caption: 'Run now', functionName: 'menuRunNow' }] } },
        ],
      },
    ]);
    state.execute('onOpen', [{}]);
    expect(state.ui.menus).toHaveLength(1);
  });

  it('clicks a menu item by caption and recalculates what it changed', () => {
    const { state, clicked } = addon();
    state.execute('onOpen', [{}]);
    expect(state.clickMenuItem('Run now')).toMatchObject({ ok: true });
    expect(clicked).toEqual(['run now']);
    expect(state.spreadsheet.sheet('Sheet1').valueAt(1, 1)).toBe(4);
    expect(() => state.clickMenuItem('Missing')).toThrow('No menu item captioned "Missing".');
  });

  it('answers prompts and alerts with the responses the test queued', () => {
    const { state } = addon();
    state.execute('onOpen', [{}]);
    state.ui.respond('OK', 'key-abc');
    expect(state.clickMenuItem('Set API key…')).toMatchObject({ ok: true, value: 'saved' });
    state.ui.respond('CANCEL');
    expect(state.clickMenuItem('Set API key…')).toMatchObject({ ok: true, value: 'cancelled' });
    expect(state.ui.dialogs).toEqual([
      { kind: 'prompt', title: 'Everflow API key', prompt: 'Paste your key', buttons: 'OK_CANCEL', button: 'OK', text: 'key-abc' },
      { kind: 'alert', title: 'Saved', prompt: 'Key ending abc', buttons: 'OK', button: 'OK' },
      { kind: 'prompt', title: 'Everflow API key', prompt: 'Paste your key', buttons: 'OK_CANCEL', button: 'CANCEL', text: '' },
    ]);
  });

  it('fails a dialog that needs a decision nobody scripted', () => {
    const { state } = addon();
    expect(state.execute('menuConfirm')).toMatchObject({ ok: false, error: expect.stringContaining('queued no response for this alert') });
    state.ui.respond('NO');
    expect(state.execute('menuConfirm')).toMatchObject({ ok: true, value: 'NO' });
    state.ui.respond('CANCEL');
    expect(state.execute('menuConfirm')).toMatchObject({ ok: false, error: 'The queued response CANCEL is not a button of YES_NO.' });
  });

  it('records sidebars (always 300 pixels wide) and dialogs with their HTML', () => {
    const { state } = addon();
    state.execute('openSidebar');
    state.execute('openDialog');
    expect(state.ui.sidebar).toEqual({ kind: 'sidebar', title: 'Affiliate Billing', html: '<p>Hi</p>', width: 300, height: 400 });
    expect(state.ui.shown[1]).toEqual({ kind: 'modal', title: 'Setup', html: '<p>Setup</p>', width: 480, height: 300 });
  });

  it('is refused to custom functions and to triggers', () => {
    const { state, runtime } = addon();
    const sheet = state.spreadsheet.sheet('Sheet1');
    state.spreadsheet.enter(sheet, { row: 1, column: 1, numRows: 1, numColumns: 1 }, () => ({ kind: 'formula', text: '=UI_IN_FORMULA()' }));
    state.spreadsheet.recalculate();
    expect(sheet.valueAt(1, 1)).toMatchObject({ code: '#ERROR!', message: 'You do not have permission to call SpreadsheetApp.getUi' });
    expect(runtime.runExecution('uiInTrigger', [], { trigger: true })).toMatchObject({ ok: false, error: 'Cannot call SpreadsheetApp.getUi() from this context.' });
  });
});
