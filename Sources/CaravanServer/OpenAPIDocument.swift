/// The OpenAPI 3.1 description of the hub's API, served at `/openapi.yaml`. It is part of
/// the binary, so that a copied executable serves it too; a test keeps it true to the routes.
public enum OpenAPIDocument {
  public static let text = #"""
    openapi: 3.1.0
    info:
      title: Caravan hub
      version: 0.2.0
      summary: One jurisdiction's e-invoicing hub
      description: |
        Participants submit EN 16931 invoices and credit notes (UBL 2.1 or CII D16B). The hub
        validates them, signs their exact bytes, records them in a transparency log (RFC 9162,
        C2SP tlog-tiles) and answers with a receipt that anyone can check offline. A document
        for a participant of another jurisdiction's hub is delivered to that hub, hub to hub,
        under each side's signed corridor data policy. Errors are RFC 9457 problem documents.
      license:
        name: Apache-2.0
        identifier: Apache-2.0
    servers:
      - url: /
    tags:
      - name: public
      - name: operator
      - name: participant
      - name: log
      - name: exchange
        description: Hub to hub; requests are signed per RFC 9421, answers by a detached JWS.
    components:
      securitySchemes:
        operator:
          type: http
          scheme: bearer
          description: The operator's token, printed once when the hub first starts.
        participant:
          type: http
          scheme: bearer
          description: A participant's token, issued by the operator.
      parameters:
        participant:
          name: participant
          in: path
          required: true
          description: ISO/IEC 6523 `scheme:value` identifier.
          schema:
            type: string
            pattern: '^[A-Za-z0-9]{2,4}:\S{1,200}$'
        document:
          name: document
          in: path
          required: true
          schema:
            type: string
            maxLength: 64
        delivery:
          name: delivery
          in: path
          required: true
          description: The delivery's identifier, its envelope's instance identifier (a UUID).
          schema:
            type: string
            maxLength: 64
      headers:
        CaravanSignature:
          description: A detached JWS (RFC 7515, RFC 7797 unencoded payload) by the hub's key over
            the exact bytes of the body; its protected header's `docType` names what is signed
            (`caravan-directory`, `corridor-policy`, `caravan-delivery-receipt`).
          required: true
          schema:
            type: string
            pattern: '^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$'
      responses:
        Problem:
          description: A problem document (RFC 9457).
          content:
            application/problem+json:
              schema:
                $ref: '#/components/schemas/Problem'
        Refused:
          description: A problem document (RFC 9457); `policy-refused` when a corridor data policy
            refused the flow, with the `rules` that decided and the `policyVersion` in force
            (absent when no policy is in force, which denies every flow).
          content:
            application/problem+json:
              schema:
                $ref: '#/components/schemas/Problem'
      schemas:
        Problem:
          type: object
          required: [type, title, status, detail]
          properties:
            type:
              type: string
            title:
              type: string
            status:
              type: integer
            detail:
              type: string
            field:
              type: string
              description: The request field or parameter at fault.
            line:
              type: integer
            column:
              type: integer
            path:
              type: string
            existingId:
              type: string
              description: The document an attempted repeat conflicts with.
            report:
              type: object
              description: The validation report (findings with rule, flag, location, message).
            rules:
              type: array
              description: With `policy-refused`, the policy rules that refused the flow; empty
                when no rule permits it.
              items:
                type: string
            policyVersion:
              type: integer
              minimum: 0
              description: With `policy-refused`, the version of the policy in force.
        Registration:
          type: object
          additionalProperties: false
          required: [id, name, jurisdiction, sizeClass, sector, womenOwned]
          properties:
            id:
              type: string
              pattern: '^[A-Za-z0-9]{2,4}:\S{1,200}$'
              description: ISO/IEC 6523 `scheme:value`; the scheme is an ICD or EAS code.
            name:
              type: string
              minLength: 1
              maxLength: 200
            jurisdiction:
              type: string
              pattern: '^[A-Z]{2}$'
              description: ISO 3166-1 alpha-2.
            sizeClass:
              type: string
              enum: [micro, small, medium, large]
            sector:
              type: string
              pattern: '^([A-U]|[0-9]{2})$'
              description: NACE Rev. 2 section letter or division.
            womenOwned:
              type: boolean
            receiveSyntax:
              type: string
              enum: [ubl, cii]
              default: ubl
              description: The syntax the participant's systems read; documents from other hubs
                are converted to it.
        Participant:
          type: object
          required: [id, name, jurisdiction, sizeClass, sector, womenOwned, createdAt,
            receiveSyntax]
          properties:
            id:
              type: string
            name:
              type: string
            jurisdiction:
              type: string
            sizeClass:
              type: string
              enum: [micro, small, medium, large]
            sector:
              type: string
            womenOwned:
              type: boolean
            createdAt:
              type: string
              format: date-time
            receiveSyntax:
              type: string
              enum: [ubl, cii]
        Registered:
          type: object
          required: [participant, token]
          properties:
            participant:
              $ref: '#/components/schemas/Participant'
            token:
              type: string
              description: The participant's bearer token, shown this once.
        Token:
          type: object
          required: [token]
          properties:
            token:
              type: string
        Revoked:
          type: object
          required: [revoked]
          properties:
            revoked:
              type: integer
              minimum: 0
        Receipt:
          type: object
          required: [documentId, digest, sender, invoiceNumber, status, receivedAt, logIndex,
            treeSize, checkpoint, inclusionProof, logEntry, proof, signature]
          properties:
            documentId:
              type: string
            digest:
              type: string
              pattern: '^sha256:[0-9a-f]{64}$'
            sender:
              type: string
            receiver:
              type: string
            invoiceNumber:
              type: string
            status:
              type: string
              enum: [accepted, delivered, refused]
            receivedAt:
              type: string
              format: date-time
            logIndex:
              type: integer
              minimum: 0
            treeSize:
              type: integer
              minimum: 1
            checkpoint:
              type: string
              description: The signed checkpoint (C2SP signed note).
            inclusionProof:
              type: array
              items:
                type: string
                contentEncoding: base64
            logEntry:
              type: string
              contentEncoding: base64
            proof:
              type: string
              description: The whole proof in the C2SP tlog-proof form.
            signature:
              type: string
              description: The hub's detached JWS (RFC 7515, RFC 7797) over the exact bytes.
        Finding:
          type: object
          required: [rule, flag, location, message]
          properties:
            rule:
              type: string
            flag:
              type: string
              enum: [fatal, warning, information]
            location:
              type: string
            message:
              type: string
        Submission:
          type: object
          required: [replayed, receipt, warnings]
          properties:
            replayed:
              type: boolean
            receipt:
              $ref: '#/components/schemas/Receipt'
            warnings:
              type: array
              items:
                $ref: '#/components/schemas/Finding'
            delivery:
              $ref: '#/components/schemas/Delivery'
              description: The delivery queued for the receiver's hub, when another hub serves the
                receiver.
        Summary:
          type: object
          required: [id, sender, invoiceNumber, typeCode, syntax, issueDate, currency,
            totalAmount, status, logIndex, receivedAt]
          properties:
            id:
              type: string
            sender:
              type: string
            receiver:
              type: string
            invoiceNumber:
              type: string
            typeCode:
              type: string
            syntax:
              type: string
              enum: [ubl, cii]
            issueDate:
              type: string
            currency:
              type: string
            totalAmount:
              type: string
            status:
              type: string
              enum: [accepted, delivered, refused]
            logIndex:
              type: integer
            receivedAt:
              type: string
              format: date-time
        Page:
          type: object
          required: [documents]
          properties:
            documents:
              type: array
              items:
                $ref: '#/components/schemas/Summary'
            next:
              type: string
              description: The cursor of the next page; absent on the last page.
        VerifyRequest:
          type: object
          required: [document, proof]
          properties:
            document:
              type: string
              contentEncoding: base64
              description: The document's exact bytes.
            proof:
              type: string
              maxLength: 262144
              description: The receipt's `proof`.
            signature:
              type: string
              description: The receipt's `signature`.
        Verdict:
          type: object
          required: [valid, checks, digest]
          properties:
            valid:
              type: boolean
            digest:
              type: string
            logIndex:
              type: integer
            checks:
              type: array
              items:
                type: object
                required: [name, passed, detail]
                properties:
                  name:
                    type: string
                  passed:
                    type: boolean
                  detail:
                    type: string
        HubInfo:
          type: object
          required: [jurisdiction, logOrigin, logKey, documentKey, logPrefix, treeSize, version]
          properties:
            jurisdiction:
              type: string
            logOrigin:
              type: string
            logKey:
              type: string
              description: The log's C2SP verifier key.
            documentKey:
              type: object
              description: The public JWK of the document signing key.
            logPrefix:
              type: string
            treeSize:
              type: integer
            version:
              type: string
        Health:
          type: object
          required: [status, database, treeSize]
          properties:
            status:
              type: string
            database:
              type: string
              enum: [sqlite, postgresql]
            treeSize:
              type: integer
        Jurisdictions:
          type: object
          additionalProperties: false
          required: [sending, receiving]
          properties:
            sending:
              type: string
              pattern: '^[A-Z]{2}$'
            receiving:
              type: string
              pattern: '^[A-Z]{2}$'
        Directory:
          type: object
          additionalProperties: false
          description: The participants a hub serves and the syntax each reads; canonical JSON
            (sorted keys, no insignificant whitespace), signed by the `Caravan-Signature` header.
          required: [jurisdiction, issued, expires, participants]
          properties:
            jurisdiction:
              type: string
              pattern: '^[A-Z]{2}$'
            issued:
              type: string
              format: date-time
            expires:
              type: string
              format: date-time
              description: Until when a reader may use it without asking again.
            participants:
              type: array
              description: Sorted by identifier.
              items:
                type: object
                additionalProperties: false
                required: [id, syntax]
                properties:
                  id:
                    type: string
                    description: ISO/IEC 6523 `scheme:value`.
                  syntax:
                    type: string
                    enum: [ubl, cii]
        Policy:
          type: object
          additionalProperties: false
          description: A corridor data policy. A forbid rule that applies overrides every permit,
            and what no rule permits is denied. As served, canonical JSON (sorted keys, no
            insignificant whitespace) signed by the `Caravan-Signature` header.
          required: [version, jurisdiction, rules]
          properties:
            version:
              type: integer
              minimum: 0
              maximum: 9007199254740991
              description: Grows with every change; the log records each version.
            jurisdiction:
              type: string
              pattern: '^[A-Z]{2}$'
              description: The hub's own jurisdiction (ISO 3166-1 alpha-2).
            rules:
              type: array
              items:
                $ref: '#/components/schemas/PolicyRule'
        PolicyRule:
          type: object
          additionalProperties: false
          required: [id, effect, data, from, to]
          properties:
            id:
              type: string
              minLength: 1
              description: Unique within the policy and named in decisions; 1 to 100 characters
                without spaces or control characters.
            effect:
              type: string
              enum: [permit, forbid]
            data:
              type: array
              minItems: 1
              items:
                type: string
                enum: [personal, commercial]
            from:
              type: array
              minItems: 1
              description: Sending jurisdictions (ISO 3166-1 alpha-2), or `*` for any.
              items:
                type: string
                pattern: '^([A-Z]{2}|\*)$'
            to:
              type: array
              minItems: 1
              description: Receiving jurisdictions (ISO 3166-1 alpha-2), or `*` for any.
              items:
                type: string
                pattern: '^([A-Z]{2}|\*)$'
            when:
              type: object
              additionalProperties: false
              minProperties: 1
              description: Conditions that must all hold for the rule to apply.
              properties:
                consent:
                  type: boolean
                purpose:
                  type: array
                  minItems: 1
                  description: Values of 1 to 200 characters without spaces or control
                    characters.
                  items:
                    type: string
                    minLength: 1
                agreement:
                  type: array
                  minItems: 1
                  description: Values of 1 to 200 characters without spaces or control
                    characters.
                  items:
                    type: string
                    minLength: 1
            obligations:
              type: array
              description: A permit's duties; a forbid has none.
              items:
                type: object
                additionalProperties: false
                required: [minimise]
                properties:
                  minimise:
                    type: array
                    minItems: 1
                    description: Business terms removed or masked before delivery.
                    items:
                      type: string
                      enum: [BT-44, BT-45, BT-46, BT-47, BT-48, BT-49, BG-8, BG-9, BT-70, BG-15,
                        BT-88, BT-91, BT-50, BT-51, BT-163, BT-52, BT-53, BT-54, BT-56, BT-57,
                        BT-58, BT-75, BT-76, BT-165, BT-77, BT-78, BT-79, BT-80]
        PolicyInstalled:
          type: object
          required: [version, sha256]
          properties:
            version:
              type: integer
              minimum: 0
            sha256:
              type: string
              pattern: '^[0-9a-f]{64}$'
              description: SHA-256 of the policy's canonical bytes.
            logIndex:
              type: integer
              minimum: 0
              description: The log index of the policy's entry; absent when this version was
                already in force.
        Peer:
          type: object
          required: [jurisdiction, url, documentTypes, agreements]
          properties:
            jurisdiction:
              type: string
            url:
              type: string
            keyThumbprint:
              type: string
              description: RFC 7638 thumbprint of the recognised key; absent when none is
                configured, which lets nothing in or out.
            documentTypes:
              type: array
              items:
                type: string
            agreements:
              type: array
              items:
                type: string
            directoryFetched:
              type: string
              format: date-time
            directoryExpires:
              type: string
              format: date-time
            participants:
              type: integer
              minimum: 0
              description: How many participants its directory lists; absent until it is read.
        Envelope:
          type: object
          additionalProperties: false
          description: The fields of the UN/CEFACT Standard Business Document Header (SBDH 1.3),
            the corridor's jurisdictions and the document's exact bytes; canonical JSON.
          required: [headerVersion, sender, receiver, documentIdentification, businessScope,
            jurisdictions, payload]
          properties:
            headerVersion:
              type: string
              enum: ['1.0']
            sender:
              $ref: '#/components/schemas/EnvelopePartner'
            receiver:
              $ref: '#/components/schemas/EnvelopePartner'
            documentIdentification:
              type: object
              additionalProperties: false
              required: [standard, typeVersion, instanceIdentifier, type, creationDateAndTime]
              properties:
                standard:
                  type: string
                  description: The namespace of the document element.
                typeVersion:
                  type: string
                  description: 2.1 for UBL, D16B for CII.
                instanceIdentifier:
                  type: string
                  format: uuid
                  description: Lowercase; a repeated delivery carries the same one.
                type:
                  type: string
                  description: Invoice, CreditNote or CrossIndustryInvoice.
                creationDateAndTime:
                  type: string
                  format: date-time
            businessScope:
              type: object
              additionalProperties: false
              required: [scope]
              properties:
                scope:
                  type: array
                  minItems: 2
                  maxItems: 2
                  items:
                    type: object
                    additionalProperties: false
                    required: [type, instanceIdentifier]
                    properties:
                      type:
                        type: string
                        enum: [DOCUMENTID, PROCESSID]
                      instanceIdentifier:
                        type: string
            jurisdictions:
              $ref: '#/components/schemas/Jurisdictions'
            payload:
              type: object
              additionalProperties: false
              required: [content, sha256]
              properties:
                content:
                  type: string
                  contentEncoding: base64
                  description: The document's exact bytes.
                sha256:
                  type: string
                  pattern: '^[0-9a-f]{64}$'
        EnvelopePartner:
          type: object
          additionalProperties: false
          required: [identifier, authority]
          properties:
            identifier:
              type: string
              pattern: '^[A-Za-z0-9]{2,4}:\S{1,200}$'
            authority:
              type: string
              enum: [iso6523-actorid-upis]
        DeliveryReceipt:
          type: object
          additionalProperties: false
          description: The receiving hub's receipt for a delivery; canonical JSON, signed by the
            `Caravan-Signature` header.
          required: [instanceIdentifier, jurisdictions, sender, receiver, payloadSha256,
            documentId, storedSha256, storedSyntax, minimised, policy, logIndex, logProof,
            received]
          properties:
            instanceIdentifier:
              type: string
              description: The envelope's instance identifier.
            jurisdictions:
              $ref: '#/components/schemas/Jurisdictions'
            sender:
              type: string
            receiver:
              type: string
            payloadSha256:
              type: string
              pattern: '^[0-9a-f]{64}$'
              description: SHA-256 of the envelope's payload as received.
            documentId:
              type: string
              description: The receiving hub's document identifier.
            storedSha256:
              type: string
              pattern: '^[0-9a-f]{64}$'
              description: SHA-256 of the document as stored (converted, minimised).
            storedSyntax:
              type: string
              enum: [ubl, cii]
            minimised:
              type: array
              description: Business terms the inbound policy removed or masked.
              items:
                type: string
            policy:
              type: object
              additionalProperties: false
              required: [version, rules]
              properties:
                version:
                  type: integer
                  minimum: 0
                rules:
                  type: array
                  items:
                    type: string
            logIndex:
              type: integer
              minimum: 0
            logProof:
              type: string
              description: The stored document's log entry proof, C2SP tlog-proof text.
            received:
              type: string
              format: date-time
        Delivery:
          type: object
          required: [id, direction, documentId, sender, receiver, peer, status, attempts,
            createdAt, updatedAt]
          properties:
            id:
              type: string
              description: The envelope's instance identifier, the same on both hubs.
            direction:
              type: string
              enum: [outbound, inbound]
            documentId:
              type: string
              description: The submitted document (outbound) or the stored one (inbound).
            sender:
              type: string
            receiver:
              type: string
            peer:
              type: string
              description: The other hub's jurisdiction.
            status:
              type: string
              enum: [queued, sent, delivered, refused, cancelled]
            attempts:
              type: integer
              minimum: 0
            nextAttemptAt:
              type: string
              format: date-time
              description: When the next attempt is due; present while queued or sent.
            createdAt:
              type: string
              format: date-time
            updatedAt:
              type: string
              format: date-time
            reason:
              type: string
              description: Why it was refused or cancelled, or what the last failed attempt met.
            decision:
              type: object
              description: The corridor policy decision that let the document cross.
              required: [policyVersion, rules, minimised, reason]
              properties:
                policyVersion:
                  type: integer
                  minimum: 0
                rules:
                  type: array
                  items:
                    type: string
                minimised:
                  type: array
                  description: The terms that had a value and were removed or masked.
                  items:
                    type: string
                reason:
                  type: string
            receipt:
              type: object
              description: The receiving hub's signed receipt (outbound, once delivered).
              required: [content, signature]
              properties:
                content:
                  type: string
                  contentEncoding: base64
                  description: The receipt's exact JSON bytes (a DeliveryReceipt).
                signature:
                  type: string
                  description: Its detached JWS by the receiving hub's key.
                logIndex:
                  type: integer
                  minimum: 0
                  description: Where this hub's log records the receipt.
        DeliveryPage:
          type: object
          required: [deliveries]
          properties:
            deliveries:
              type: array
              items:
                $ref: '#/components/schemas/Delivery'
            next:
              type: string
              description: The cursor of the next page; absent on the last page.
    paths:
      /health:
        get:
          tags: [public]
          operationId: health
          responses:
            '200':
              description: The hub and its database answer.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Health'
            '503':
              $ref: '#/components/responses/Problem'
      /metrics:
        get:
          tags: [public]
          operationId: metrics
          responses:
            '200':
              description: Prometheus text exposition format.
              content:
                text/plain:
                  schema:
                    type: string
      /openapi.yaml:
        get:
          tags: [public]
          operationId: openAPI
          responses:
            '200':
              description: This document.
              content:
                application/yaml:
                  schema:
                    type: string
      /v1/hub:
        get:
          tags: [public]
          operationId: hubInfo
          responses:
            '200':
              description: The hub's jurisdiction, log origin and public keys.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/HubInfo'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/participants:
        post:
          tags: [operator]
          operationId: registerParticipant
          security:
            - operator: []
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: '#/components/schemas/Registration'
          responses:
            '201':
              description: Registered; the token is shown this once.
              headers:
                Location:
                  schema:
                    type: string
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Registered'
            '400':
              $ref: '#/components/responses/Problem'
            '401':
              $ref: '#/components/responses/Problem'
            '409':
              $ref: '#/components/responses/Problem'
            '413':
              $ref: '#/components/responses/Problem'
            '415':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
        get:
          tags: [operator]
          operationId: listParticipants
          security:
            - operator: []
          responses:
            '200':
              description: Every participant, by identifier.
              content:
                application/json:
                  schema:
                    type: array
                    items:
                      $ref: '#/components/schemas/Participant'
            '401':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/participants/{participant}:
        parameters:
          - $ref: '#/components/parameters/participant'
        get:
          tags: [operator]
          operationId: getParticipant
          security:
            - operator: []
          responses:
            '200':
              description: The participant.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Participant'
            '401':
              $ref: '#/components/responses/Problem'
            '404':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/participants/{participant}/tokens:
        parameters:
          - $ref: '#/components/parameters/participant'
        post:
          tags: [operator]
          operationId: issueToken
          security:
            - operator: []
          responses:
            '201':
              description: Another token for the participant, shown this once.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Token'
            '401':
              $ref: '#/components/responses/Problem'
            '404':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
        delete:
          tags: [operator]
          operationId: revokeTokens
          security:
            - operator: []
          responses:
            '200':
              description: Every token of the participant is revoked.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Revoked'
            '401':
              $ref: '#/components/responses/Problem'
            '404':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/me:
        get:
          tags: [participant]
          operationId: me
          security:
            - participant: []
          responses:
            '200':
              description: The participant the token belongs to.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Participant'
            '401':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/documents:
        post:
          tags: [participant]
          operationId: submitDocument
          description: |
            Submits a UBL 2.1 Invoice or CreditNote, or a CII D16B CrossIndustryInvoice, whose
            seller electronic address (BT-34) is the participant. A repeat (the same
            Idempotency-Key, or the same invoice number) with the same bytes answers the first
            receipt with status 200; with other bytes it is a conflict. When another hub serves
            the buyer (BT-49), the document crosses only if the corridor policy permits it: the
            answer then carries the queued `delivery`, and a refusal is a 403 `policy-refused`
            problem naming the rules. The Caravan-* headers state what the policy decides on.
          security:
            - participant: []
          parameters:
            - name: Idempotency-Key
              in: header
              required: false
              schema:
                type: string
                minLength: 1
                maxLength: 255
            - name: Caravan-Consent
              in: header
              required: false
              description: Whether the data subject's consent to the flow is on record (default
                false); case-insensitive.
              schema:
                type: string
                enum: ['true', 'false']
            - name: Caravan-Purpose
              in: header
              required: false
              description: The purpose of the flow, as a corridor policy names it (for instance a
                W3C DPV term).
              schema:
                type: string
                minLength: 1
                maxLength: 200
                pattern: '^[!-~]+$'
            - name: Caravan-Buyer-Natural-Person
              in: header
              required: false
              description: Whether the buyer is a natural person; without it, a buyer with neither
                a VAT identifier (BT-48) nor a legal registration identifier (BT-47) is taken to
                be one. Case-insensitive.
              schema:
                type: string
                enum: ['true', 'false']
          requestBody:
            required: true
            content:
              application/xml:
                schema:
                  type: string
          responses:
            '201':
              description: Accepted, signed, logged and stored.
              headers:
                Location:
                  schema:
                    type: string
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Submission'
            '200':
              description: A repeat of an earlier submission; its receipt.
              headers:
                Location:
                  schema:
                    type: string
                Idempotent-Replayed:
                  schema:
                    type: string
                    enum: ['true']
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Submission'
            '400':
              $ref: '#/components/responses/Problem'
            '401':
              $ref: '#/components/responses/Problem'
            '403':
              $ref: '#/components/responses/Refused'
            '409':
              $ref: '#/components/responses/Problem'
            '413':
              $ref: '#/components/responses/Problem'
            '415':
              $ref: '#/components/responses/Problem'
            '422':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/inbox:
        get:
          tags: [participant]
          operationId: inbox
          security:
            - participant: []
          parameters: &listing
            - name: from
              in: query
              description: Earliest issue date (BT-2), inclusive.
              schema:
                type: string
                format: date
            - name: to
              in: query
              description: Latest issue date (BT-2), inclusive.
              schema:
                type: string
                format: date
            - name: status
              in: query
              schema:
                type: string
                enum: [accepted, delivered, refused]
            - name: counterparty
              in: query
              schema:
                type: string
            - name: limit
              in: query
              schema:
                type: integer
                minimum: 1
                maximum: 500
                default: 50
            - name: cursor
              in: query
              description: The `next` of the previous page.
              schema:
                type: string
                pattern: '^[0-9]{1,19}$'
          responses: &listingResponses
            '200':
              description: A page of documents, newest first.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Page'
            '400':
              $ref: '#/components/responses/Problem'
            '401':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/outbox:
        get:
          tags: [participant]
          operationId: outbox
          security:
            - participant: []
          parameters: *listing
          responses: *listingResponses
      /v1/documents/{document}:
        parameters:
          - $ref: '#/components/parameters/document'
        get:
          tags: [participant]
          operationId: getDocument
          description: A document the participant sent or received, in the form asked for by
            `format` or, without it, by the Accept header.
          security:
            - participant: []
          parameters:
            - name: format
              in: query
              schema:
                type: string
                enum: [original, ubl, cii, json, html]
          responses:
            '200':
              description: The document.
              content:
                application/xml:
                  schema:
                    type: string
                application/json:
                  schema:
                    type: object
                text/html:
                  schema:
                    type: string
            '400':
              $ref: '#/components/responses/Problem'
            '401':
              $ref: '#/components/responses/Problem'
            '404':
              $ref: '#/components/responses/Problem'
            '406':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/documents/{document}/receipt:
        parameters:
          - $ref: '#/components/parameters/document'
        get:
          tags: [participant]
          operationId: getReceipt
          security:
            - participant: []
          responses:
            '200':
              description: The document's receipt.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Receipt'
            '401':
              $ref: '#/components/responses/Problem'
            '404':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/verify:
        post:
          tags: [public]
          operationId: verify
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: '#/components/schemas/VerifyRequest'
          responses:
            '200':
              description: The verdict, each check with its reason.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Verdict'
            '400':
              $ref: '#/components/responses/Problem'
            '413':
              $ref: '#/components/responses/Problem'
            '415':
              $ref: '#/components/responses/Problem'
      /v1/exchange/directory:
        get:
          tags: [public, exchange]
          operationId: exchangeDirectory
          description: Every participant of this hub and the syntax it reads, signed; peer hubs
            route documents by it.
          responses:
            '200':
              description: The directory, with its detached JWS (`docType` caravan-directory).
              headers:
                Caravan-Signature:
                  $ref: '#/components/headers/CaravanSignature'
                Cache-Control:
                  schema:
                    type: string
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Directory'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/exchange/policy:
        get:
          tags: [public, exchange]
          operationId: exchangePolicy
          responses:
            '200':
              description: The corridor policy in force, with its detached JWS (`docType`
                corridor-policy).
              headers:
                Caravan-Signature:
                  $ref: '#/components/headers/CaravanSignature'
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Policy'
            '404':
              $ref: '#/components/responses/Problem'
        put:
          tags: [operator]
          operationId: installPolicy
          description: Puts a policy version in force. The hub checks it strictly, signs its
            canonical bytes and records it in the log. Its jurisdiction must be the hub's, and
            its version must be higher than the one in force; the same version with the same
            content changes nothing.
          security:
            - operator: []
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: '#/components/schemas/Policy'
          responses:
            '201':
              description: A new version, logged and in force.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/PolicyInstalled'
            '200':
              description: This version is already in force; nothing was logged.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/PolicyInstalled'
            '400':
              $ref: '#/components/responses/Problem'
            '401':
              $ref: '#/components/responses/Problem'
            '409':
              $ref: '#/components/responses/Problem'
            '413':
              $ref: '#/components/responses/Problem'
            '415':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/exchange/peers:
        get:
          tags: [operator]
          operationId: listPeers
          security:
            - operator: []
          responses:
            '200':
              description: The configured peer hubs, by jurisdiction, with what is known of their
                directories.
              content:
                application/json:
                  schema:
                    type: array
                    items:
                      $ref: '#/components/schemas/Peer'
            '401':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/exchange/deliveries:
        post:
          tags: [exchange]
          operationId: receiveDelivery
          description: |
            A peer hub delivers a document for a participant of this hub. The request is signed
            per RFC 9421 with the peer's hub key, `keyid` its jurisdiction, tag
            `caravan-exchange`, covering `@method`, `@target-uri`, `content-digest` and
            `content-type`, with `created`, `expires` and `nonce`; at most five minutes old,
            each nonce used once. The hub checks that it recognises the peer for the document
            type, applies its inbound corridor policy, validates the document, minimises it as
            the policy says, converts it to the syntax the receiver reads, and signs, logs and
            stores it. A repeated instance identifier with the same payload answers the first
            receipt with status 200.
          parameters:
            - name: Signature-Input
              in: header
              required: true
              description: RFC 9421 signature parameters (a structured dictionary).
              schema:
                type: string
            - name: Signature
              in: header
              required: true
              description: RFC 9421 signature (a structured dictionary).
              schema:
                type: string
            - name: Content-Digest
              in: header
              required: true
              description: RFC 9530 digest of the body, `sha-256=:<base64>:`.
              schema:
                type: string
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: '#/components/schemas/Envelope'
          responses:
            '201':
              description: Accepted, stored and logged; the receipt, with its detached JWS
                (`docType` caravan-delivery-receipt).
              headers:
                Caravan-Signature:
                  $ref: '#/components/headers/CaravanSignature'
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/DeliveryReceipt'
            '200':
              description: A repeat of an earlier delivery; its receipt.
              headers:
                Caravan-Signature:
                  $ref: '#/components/headers/CaravanSignature'
                Idempotent-Replayed:
                  schema:
                    type: string
                    enum: ['true']
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/DeliveryReceipt'
            '400':
              $ref: '#/components/responses/Problem'
            '401':
              $ref: '#/components/responses/Problem'
            '403':
              $ref: '#/components/responses/Refused'
            '404':
              $ref: '#/components/responses/Problem'
            '409':
              $ref: '#/components/responses/Problem'
            '413':
              $ref: '#/components/responses/Problem'
            '422':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/deliveries:
        get:
          tags: [participant]
          operationId: listDeliveries
          description: Deliveries to and from other hubs, newest first; the operator sees every
            one, a participant those of the documents it sent.
          security:
            - operator: []
            - participant: []
          parameters:
            - name: direction
              in: query
              schema:
                type: string
                enum: [outbound, inbound]
            - name: status
              in: query
              schema:
                type: string
                enum: [queued, sent, delivered, refused, cancelled]
            - name: limit
              in: query
              schema:
                type: integer
                minimum: 1
                maximum: 500
                default: 50
            - name: cursor
              in: query
              description: The `next` of the previous page.
              schema:
                type: string
                pattern: '^[0-9]{1,18}$'
          responses:
            '200':
              description: A page of deliveries, newest first.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/DeliveryPage'
            '400':
              $ref: '#/components/responses/Problem'
            '401':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/deliveries/{delivery}:
        parameters:
          - $ref: '#/components/parameters/delivery'
        get:
          tags: [participant]
          operationId: getDelivery
          security:
            - operator: []
            - participant: []
          responses:
            '200':
              description: The delivery.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Delivery'
            '401':
              $ref: '#/components/responses/Problem'
            '404':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/deliveries/{delivery}/retry:
        parameters:
          - $ref: '#/components/parameters/delivery'
        post:
          tags: [participant]
          operationId: retryDelivery
          description: Queues an outbound delivery that is not delivered (waiting, refused or
            cancelled) for an attempt now, its attempts counted afresh.
          security:
            - operator: []
            - participant: []
          responses:
            '200':
              description: The delivery, queued.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Delivery'
            '401':
              $ref: '#/components/responses/Problem'
            '404':
              $ref: '#/components/responses/Problem'
            '409':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
      /v1/deliveries/{delivery}/cancel:
        parameters:
          - $ref: '#/components/parameters/delivery'
        post:
          tags: [participant]
          operationId: cancelDelivery
          description: Withdraws an outbound delivery that is still queued or sent; any other is
            a conflict.
          security:
            - operator: []
            - participant: []
          responses:
            '200':
              description: The delivery, cancelled.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Delivery'
            '401':
              $ref: '#/components/responses/Problem'
            '404':
              $ref: '#/components/responses/Problem'
            '409':
              $ref: '#/components/responses/Problem'
            '503':
              $ref: '#/components/responses/Problem'
      /log/checkpoint:
        get:
          tags: [log]
          operationId: checkpoint
          responses:
            '200':
              description: The latest checkpoint (C2SP tlog-checkpoint, signed note).
              content:
                text/plain:
                  schema:
                    type: string
      /log/tile/{level}/{index}:
        get:
          tags: [log]
          operationId: tile
          description: A tile or entry bundle at its C2SP tlog-tiles path; the index is split
            into path elements, so this template stands for every deeper path under /log/tile/.
          parameters:
            - name: level
              in: path
              required: true
              schema:
                type: string
            - name: index
              in: path
              required: true
              schema:
                type: string
          responses:
            '200':
              description: The tile's hashes or the bundle's entries.
              content:
                application/octet-stream:
                  schema:
                    type: string
                    contentEncoding: binary
            '404':
              $ref: '#/components/responses/Problem'
    """#
}
