jest.mock('@nxe/util', () => ({ shout: (t) => t + '!' }), { virtual: true });
const { greet } = require('./index');
test('greet', () => {
  expect(greet('nx')).toBe('hello nx!');
});
