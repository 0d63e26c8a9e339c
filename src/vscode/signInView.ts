import type { Disposable } from '../util/lifecycle';
import type { AuthService } from './authService';
import { isBusy } from './importView';
import type { ImportPanel } from './importPanel';
import type { ViewStore } from './viewStore';

/** A sign-in's device code goes into the same panel as the picker's QR code; its end moves the view on. */
export function showSignInProgress(accounts: AuthService, store: ViewStore, panel: ImportPanel): Disposable {
  return accounts.onSignInProgress((progress) => {
    if (progress.type === 'device-code') {
      if (!isBusy(store.view)) store.dispatch({ type: 'signing-in' }); // Sign In run on its own, not by an import
      store.dispatch({ type: 'device-code', prompt: progress.prompt });
      panel.show();
    } else {
      store.dispatch(progress.ok ? { type: 'signed-in' } : { type: 'sign-in-abandoned' });
    }
  });
}
