// Module resolution hook for variant files outside the repository: `import ... from 'pagecheck'`
// resolves to pagecheck's public API module (src/api.ts), wherever the file lives.
let apiUrl = '';

export async function initialize(data) {
  apiUrl = data.apiUrl;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'pagecheck') return { url: apiUrl, shortCircuit: true };
  return next(specifier, context);
}
