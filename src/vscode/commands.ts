/** Every command id the extension registers or runs, in one place (the manifest test checks them against package.json). */
export const COMMANDS = {
  import: 'googlePhotosImport.import',
  cancelImport: 'googlePhotosImport.cancelImport',
  showPicker: 'googlePhotosImport.showPicker',
  insertLastImport: 'googlePhotosImport.insertLastImport',
  statusMenu: 'googlePhotosImport.statusBarClicked',
  signIn: 'googlePhotosImport.signIn',
  signOut: 'googlePhotosImport.signOut',
  setOAuthClient: 'googlePhotosImport.setOAuthClient',
  showSetupHelp: 'googlePhotosImport.showSetupHelp',
} as const;

export const SETTINGS_SECTION = 'googlePhotosImport';

/** Context keys the extension sets, for `when` clauses in package.json. */
export const CONTEXT_KEYS = {
  /** The package has its publisher's OAuth client: the walkthrough hides the steps that create one. */
  hasBuiltInClient: 'googlePhotosImport.hasBuiltInClient',
} as const;
