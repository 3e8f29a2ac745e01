module.exports = { displayName: 'greet', testEnvironment: 'node' };
