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
        C2SP tlog-tiles) and answers with a receipt that anyone can check offline. Errors are
        RFC 9457 problem documents.
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
      responses:
        Problem:
          description: A problem document (RFC 9457).
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
        Participant:
          type: object
          required: [id, name, jurisdiction, sizeClass, sector, womenOwned, createdAt]
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
            receipt with status 200; with other bytes it is a conflict.
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
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Submission'
            '400':
              $ref: '#/components/responses/Problem'
            '401':
              $ref: '#/components/responses/Problem'
            '403':
              $ref: '#/components/responses/Problem'
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
