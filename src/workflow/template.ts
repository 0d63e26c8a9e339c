/** `${name}` templates of the settings (link templates, alt text): pure expansion with a clear error for a typo. */

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

const VARIABLE = /\$\{([^}]*)\}/g;

/** The template with each ${name} replaced; an unknown name is an error that names it and the setting. */
export function expandTemplate(template: string, values: Record<string, string>, setting: string): string {
  return template.replace(VARIABLE, (_, name: string) => {
    if (!Object.hasOwn(values, name)) {
      throw new TemplateError(`${setting}: unknown variable \${${name}} in "${template}". Known: ${Object.keys(values).map((k) => `\${${k}}`).join(', ')}.`);
    }
    return values[name];
  });
}
