const { shout } = require('./index');
test('shout', () => {
  expect(shout('hi')).toBe('HI!');
});
