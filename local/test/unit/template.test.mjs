import assert from "node:assert/strict";
import { test } from "node:test";
import { Resolver, TemplateError } from "../../src/template.mjs";
import { withLocalOrigin } from "../../src/standin.mjs";

const template = {
  Parameters: { Stage: { Type: "String", Default: "dev" } },
  Conditions: { IsEu: { "Fn::Equals": [{ Ref: "AWS::Region" }, "eu-west-1"] }, NotEu: { "Fn::Not": [{ Condition: "IsEu" }] } },
  Resources: {
    Data: { Type: "AWS::S3::Bucket", Properties: { BucketName: { "Fn::Join": ["", ["data-", { Ref: "AWS::AccountId" }, "-", { Ref: "AWS::Region" }]] } } },
    Anon: { Type: "AWS::S3::Bucket" },
    Role: { Type: "AWS::IAM::Role", Properties: {} },
    Pool: { Type: "AWS::Cognito::UserPool" },
    Policy: {
      Type: "AWS::IAM::ManagedPolicy",
      Properties: {
        Roles: [{ Ref: "Role" }],
        PolicyDocument: {
          Statement: [
            { Effect: "Allow", Action: "s3:GetObject", Resource: { "Fn::Join": ["", [{ "Fn::GetAtt": ["Data", "Arn"] }, "/private/${cognito-identity.amazonaws.com:sub}/*"]] } },
          ],
        },
      },
    },
  },
};

test("Ref, Fn::GetAtt and Fn::Join resolve with the fixed local account, region and partition", () => {
  const r = new Resolver(template);
  assert.equal(r.ref("Data"), "data-000000000000-eu-west-1");
  assert.equal(r.getAtt("Data", "Arn"), "arn:aws:s3:::data-000000000000-eu-west-1");
  assert.match(r.ref("Anon"), /^privatefolders-anon-[a-z0-9]+$/);
  assert.match(r.getAtt("Role", "Arn"), /^arn:aws:iam::000000000000:role\/PrivateFolders-Role-/);
  assert.equal(r.resolve({ Ref: "AWS::Partition" }), "aws");
  assert.equal(r.resolve({ Ref: "AWS::URLSuffix" }), "amazonaws.com");
  assert.equal(r.resolve({ Ref: "Stage" }), "dev");
  assert.match(r.getAtt("Pool", "ProviderURL"), /^https:\/\/cognito-idp\.eu-west-1\.amazonaws\.com\/eu-west-1_/);
});

test("IAM policy variables in plain strings are kept; Fn::Sub expands its own ${} and ${!literal}", () => {
  const r = new Resolver(template);
  const doc = r.properties("Policy").PolicyDocument;
  assert.equal(doc.Statement[0].Resource, "arn:aws:s3:::data-000000000000-eu-west-1/private/${cognito-identity.amazonaws.com:sub}/*");
  assert.equal(r.resolve({ "Fn::Sub": "arn:${AWS::Partition}:s3:::${Data}/${!literal}" }), "arn:aws:s3:::data-000000000000-eu-west-1/${literal}");
  assert.equal(r.resolve({ "Fn::Sub": ["${A}-${Data.Arn}", { A: "x" }] }), "x-arn:aws:s3:::data-000000000000-eu-west-1");
  assert.deepEqual(r.properties("Policy").Roles, [r.ref("Role")]);
});

test("Fn::If, conditions, Fn::Select/Split and AWS::NoValue", () => {
  const r = new Resolver(template);
  assert.equal(r.resolve({ "Fn::If": ["IsEu", "eu", "other"] }), "eu");
  assert.equal(r.resolve({ "Fn::If": ["NotEu", "eu", "other"] }), "other");
  assert.equal(r.resolve({ "Fn::Select": [1, { "Fn::Split": [",", "a,b,c"] }] }), "b");
  assert.deepEqual(r.resolve({ A: { Ref: "AWS::NoValue" }, B: [1, { Ref: "AWS::NoValue" }] }), { B: [1] });
  const us = new Resolver(template, { env: { region: "us-east-1" } });
  assert.equal(us.resolve({ "Fn::If": ["IsEu", "eu", "other"] }), "other");
});

test("overrides for physical ids; unknown references and unsupported functions fail with the path", () => {
  const r = new Resolver(template, { physicalIds: { Pool: "eu-west-1_Local" } });
  assert.equal(r.getAtt("Pool", "ProviderURL"), "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Local");
  assert.throws(() => r.resolve({ x: { Ref: "Nope" } }), (e) => e instanceof TemplateError && e.path === "$.x.Ref");
  assert.throws(() => r.resolve({ "Fn::ImportValue": "x" }), TemplateError);
  assert.throws(() => r.resolve({ "Fn::GetAtt": ["Data", "Nope"] }), TemplateError);
});

test("withLocalOrigin adds the app origin as the stack does for corsOrigins/callbackUrls, once", () => {
  const t = {
    Resources: {
      B: { Type: "AWS::S3::Bucket", Properties: { CorsConfiguration: { CorsRules: [{ AllowedOrigins: ["https://x"], AllowedMethods: ["GET"] }] } } },
      C: { Type: "AWS::Cognito::UserPoolClient", Properties: { CallbackURLs: ["https://x/"], LogoutURLs: ["https://x/"] } },
    },
  };
  const once = withLocalOrigin(t, "http://127.0.0.1:4510");
  const twice = withLocalOrigin(once, "http://127.0.0.1:4510");
  assert.deepEqual(twice.Resources.B.Properties.CorsConfiguration.CorsRules[0].AllowedOrigins, ["https://x", "http://127.0.0.1:4510"]);
  assert.deepEqual(twice.Resources.C.Properties.CallbackURLs, ["https://x/", "http://127.0.0.1:4510/"]);
  assert.deepEqual(t.Resources.C.Properties.LogoutURLs, ["https://x/"], "the input is not changed");
});
