module.exports = [
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', test: 'readonly', jest: 'readonly', expect: 'readonly' } },
    rules: { 'no-unused-vars': 'error', 'no-undef': 'error' },
  },
];
