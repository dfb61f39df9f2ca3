// Lint: typescript-eslint's recommended rules plus the architecture's arrows
// (../shared/STYLE.md): src/core imports nothing of ours outside core and no React/DOM
// libraries; only src/inference imports onnxruntime-web.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'artifacts/**', 'test-results/**', 'public/**', 'tools/mini-bert/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Scripts, configs, tests and tools run in Node; the app and its workers in the browser.
    files: ['**/*.{mjs,js}', 'tools/**', 'bin/**', 'e2e/**', 'test/unit/**', '*.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/**', 'test/gpu/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-dom', 'zustand', 'recharts', 'onnxruntime-web', 'onnxruntime-web/*'], message: 'src/core is pure TS: no UI or runtime libraries.' },
          { group: ['../gpu/*', '../../gpu/*', '../state/*', '../../state/*', '../features/*', '../../features/*', '../ui/*', '../../ui/*', '../workers/*', '../../workers/*', '../inference/*', '../../inference/*'], message: 'src/core imports nothing of ours outside core.' },
        ],
      }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/inference/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'onnxruntime-web', message: 'Only src/inference imports onnxruntime-web.' }, { name: 'onnxruntime-web/webgpu', message: 'Only src/inference imports onnxruntime-web.' }],
      }],
    },
  },
);
