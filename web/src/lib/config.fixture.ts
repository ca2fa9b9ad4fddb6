// A valid /config.json in the AWS form (no endpoint overrides), for tests.

export const VALID_CONFIG = {
  version: 1,
  region: "eu-west-1",
  userPoolId: "eu-west-1_AbCdEf123",
  userPoolClientId: "1example23456789",
  identityPoolId: "eu-west-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
  oidcIssuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123",
  loginDomain: "https://myprefix.auth.eu-west-1.amazoncognito.com",
  scopes: ["openid", "email", "profile"],
  bucket: "my-data-bucket",
  ownerPrefix: "private/",
  ownerKey: "identityId",
} as const;
