"""The GraphQL schema: strawberry types, one module per aggregate; ``root`` assembles them."""
