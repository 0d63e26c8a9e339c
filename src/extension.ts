// The VS Code face is built in the next step; the engine and CLI come first.
export function activate(): void {}
export function deactivate(): void {}
