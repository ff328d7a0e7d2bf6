// The rules layer's public door (see DESIGN.md, Layers). Filled by its issue.
export {};
