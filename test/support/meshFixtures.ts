/**
 * Istio and Linkerd side by side: identities by service account (shop/web and shop/admin share their labels), STRICT
 * mTLS in shop, an AuthorizationPolicy admitting web for everything and admin for GET only, and a Linkerd Server on
 * books/authors that only books' service account may use.
 */
export const MESHED_WORKSPACE = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: books, annotations: {linkerd.io/inject: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {serviceAccountName: web, containers: [{name: web, image: web, ports: [{containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: admin, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {serviceAccountName: admin, containers: [{name: admin, image: admin}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: api, ports: [{containerPort: 9090}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec: {selector: {app: api}, ports: [{port: 80, targetPort: 9090}]}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: strict, namespace: shop}
spec: {mtls: {mode: STRICT}}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  rules: [{from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]}, {from: [{source: {principals: [cluster.local/ns/shop/sa/admin]}}], to: [{operation: {methods: [GET]}}]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: outside, namespace: default}
spec:
  selector: {matchLabels: {app: outside}}
  template:
    metadata: {labels: {app: outside}}
    spec: {containers: [{name: outside, image: outside}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: authors, namespace: books}
spec:
  selector: {matchLabels: {app: authors}}
  template:
    metadata: {labels: {app: authors}}
    spec: {serviceAccountName: authors, containers: [{name: authors, image: authors, ports: [{name: http, containerPort: 7001}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: books, namespace: books}
spec:
  selector: {matchLabels: {app: books}}
  template:
    metadata: {labels: {app: books}}
    spec: {serviceAccountName: books, containers: [{name: books, image: books, ports: [{name: http, containerPort: 7002}]}]}
---
apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata: {name: authors, namespace: books}
spec: {podSelector: {matchLabels: {app: authors}}, port: http}
---
apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
metadata: {name: authors-from-books, namespace: books}
spec:
  targetRef: {group: policy.linkerd.io, kind: Server, name: authors}
  requiredAuthenticationRefs: [{kind: ServiceAccount, name: books}]
`;
