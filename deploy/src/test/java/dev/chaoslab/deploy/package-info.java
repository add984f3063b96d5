/**
 * Validation of {@code deploy/kubernetes} without a cluster: {@link dev.chaoslab.deploy.Kustomize} renders each
 * kustomization with kubectl, {@link dev.chaoslab.deploy.StrictManifests} parses every document into the Kubernetes
 * API types (fabric8's model) and refuses unknown kinds, unknown fields and mistyped scalars, and
 * {@link dev.chaoslab.deploy.ProjectRules} checks the project's own rules on a rendering. Depends on the fabric8
 * model, Jackson and the JDK only; no chaoslab module.
 */
package dev.chaoslab.deploy;
