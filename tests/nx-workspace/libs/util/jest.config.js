module.exports = { displayName: 'util', testEnvironment: 'node' };
