/**
 * `${name}` templates of the settings (link templates, alt text, destination and file-name patterns): pure
 * expansion with a clear error for a typo. `$${name}` stands for the literal text `${name}`.
 */
import { type ErrorCode, ERROR_CODES } from '../util/errorCodes';

export class TemplateError extends Error {
  readonly code: ErrorCode = ERROR_CODES.template;
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

const VARIABLE = /\$(\$?)\{([^}]*)\}/g;

/** The template with each ${name} (and each escaped $${name}) replaced by what `replace` gives for it. */
export function replaceVariables(template: string, replace: (name: string, escaped: boolean) => string): string {
  return template.replace(VARIABLE, (_, escaped: string, name: string) => replace(name, Boolean(escaped)));
}

/** The template with each ${name} replaced; an unknown name is an error that names it and the setting. */
export function expandTemplate(template: string, values: Record<string, string>, setting: string): string {
  return replaceVariables(template, (name, escaped) => {
    if (escaped) return `\${${name}}`;
    if (!Object.hasOwn(values, name)) throw unknownVariable(template, name, Object.keys(values), setting);
    return values[name];
  });
}

/** Throws the same error expandTemplate would for a name outside `known`: checked before anything starts. */
export function checkTemplate(template: string, known: readonly string[], setting: string): void {
  for (const [, escaped, name] of template.matchAll(VARIABLE)) {
    if (!escaped && !known.includes(name)) throw unknownVariable(template, name, known, setting);
  }
}

/** The variables a template uses (escaped ones excluded), in order of appearance. */
export function variablesOf(template: string): string[] {
  return [...template.matchAll(VARIABLE)].filter(([, escaped]) => !escaped).map(([, , name]) => name);
}

function unknownVariable(template: string, name: string, known: readonly string[], setting: string): TemplateError {
  return new TemplateError(`${setting}: unknown variable \${${name}} in "${template}". Known: ${known.map((k) => `\${${k}}`).join(', ')}.`);
}
