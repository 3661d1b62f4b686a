/**
 * The review dialog's entry (Review changes… in the menu; bundled and inlined into dist/Review.html
 * by scripts/build-sidebar.mjs): the sidebar's Changes view, reviewing at once; Cancel closes it.
 */
import { byId } from './dom';
import { setUpReviewView } from './review-view';

const close = (): void => window.google?.script.host?.close();
void setUpReviewView(byId('review-root', HTMLElement), { onCancel: close, alwaysShowStart: false })
  .review()
  .then(() => {
    document.body.dataset['ready'] = 'true';
  });
