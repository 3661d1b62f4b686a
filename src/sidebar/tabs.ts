
/**
 * WAI-ARIA tabs: one tab in the focus order (roving tabindex), arrow keys, Home and End move
 * between tabs and show their panel.
 */
export function setUpTabs(tablist: HTMLElement, onShow: (panelId: string) => void): { show(panelId: string): void } {
  const tabs = [...tablist.querySelectorAll<HTMLButtonElement>('[role="tab"]')];

  const select = (tab: HTMLButtonElement, focus: boolean): void => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(other.getAttribute('aria-controls') ?? '');
      if (panel) panel.hidden = !selected;
    }
    if (focus) tab.focus();
    onShow(tab.getAttribute('aria-controls') ?? '');
  };

  for (const [index, tab] of tabs.entries()) {
    tab.addEventListener('click', () => select(tab, false));
    tab.addEventListener('keydown', (event) => {
      const target =
        event.key === 'ArrowRight' ? tabs[(index + 1) % tabs.length]
        : event.key === 'ArrowLeft' ? tabs[(index - 1 + tabs.length) % tabs.length]
        : event.key === 'Home' ? tabs[0]
        : event.key === 'End' ? tabs[tabs.length - 1]
        : undefined;
      if (!target) return;
      event.preventDefault();
      select(target, true);
    });
  }

  return {
    show(panelId: string): void {
      const tab = tabs.find((candidate) => candidate.getAttribute('aria-controls') === panelId);
      if (tab) select(tab, false);
    },
  };
}
